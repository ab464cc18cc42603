import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidArgumentError, NotFoundError } from '../../services/common/errors/errors.js';
import type { DatasetServiceClient } from '../../services/common/generated/facenas/v1/DatasetService.js';
import type { StreamBatchesResponse__Output } from '../../services/common/generated/facenas/v1/StreamBatchesResponse.js';
import { createClient, serverStream } from '../../services/common/grpc/client.js';
import { serverStreamHandler } from '../../services/common/grpc/handlers.js';
import { facenasGrpc } from '../../services/common/grpc/proto-package.js';
import { startGrpcServer, type GrpcServerHandle } from '../../services/common/grpc/server.js';
import { createLogger } from '../../services/common/logging/logger.js';

// The kit's serverStreamHandler is how streaming RPCs (SearchService.WatchSearch among
// them) refuse bad input: what the handler throws must reach the client as the call's
// status, at once, whether or not messages went out first. It used to destroy the call
// without a status, so a refused stream looked like a hang until the client's deadline.

const logger = createLogger('test', 'silent');
let server: GrpcServerHandle;
let client: DatasetServiceClient;

beforeAll(async () => {
  // Any server-streaming method will do; DatasetService's two stand in for the handler.
  server = await startGrpcServer({
    services: [
      {
        name: 'facenas.v1.DatasetService',
        definition: facenasGrpc().DatasetService.service,
        implementation: {
          StreamBatches: serverStreamHandler(async () => {
            throw new NotFoundError('search', 'no-such-search');
          }, logger),
          GetEvalSet: serverStreamHandler(async (_request, call: grpc.ServerWritableStream<unknown, unknown>) => {
            call.write({ offset: 0, count: 0 });
            throw new InvalidArgumentError('chunk_images', 'refused after the first message');
          }, logger),
        },
      },
    ],
    port: 0,
    host: '127.0.0.1',
    logger,
  });
  client = createClient<DatasetServiceClient>(facenasGrpc().DatasetService, `127.0.0.1:${server.port}`);
});

afterAll(async () => {
  client?.close();
  await server?.shutdown(200);
});

function outcome<T>(call: grpc.ClientReadableStream<T>): Promise<{ code: number; details: string; messages: number; ms: number }> {
  const started = Date.now();
  let messages = 0;
  return new Promise((resolve) => {
    call.on('data', () => (messages += 1));
    call.on('error', (err: grpc.ServiceError) => resolve({ code: err.code, details: err.details, messages, ms: Date.now() - started }));
    call.on('end', () => resolve({ code: grpc.status.OK, details: '', messages, ms: Date.now() - started }));
  });
}

describe('serverStreamHandler refusals', () => {
  it('a refusal before any message is the call status, not a timeout', async () => {
    const result = await outcome<StreamBatchesResponse__Output>(serverStream(client, client.streamBatches, { uri: 'x' }, { deadlineMs: 10_000 }));
    expect(result).toMatchObject({ code: grpc.status.NOT_FOUND, details: 'search "no-such-search" not found', messages: 0 });
    expect(result.ms).toBeLessThan(2_000);
  });

  it('a refusal after messages went out is the call status too', async () => {
    const result = await outcome(serverStream(client, client.getEvalSet, { uri: 'x' }, { deadlineMs: 10_000 }));
    expect(result).toMatchObject({ code: grpc.status.INVALID_ARGUMENT, details: 'chunk_images: refused after the first message', messages: 1 });
    expect(result.ms).toBeLessThan(2_000);
  });
});
