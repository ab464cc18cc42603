import * as grpc from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { InvalidArgumentError, NotFoundError } from '../errors/errors.js';
import type { DatasetServiceClient } from '../generated/facenas/v1/DatasetService.js';
import type { DescribeDatasetRequest__Output } from '../generated/facenas/v1/DescribeDatasetRequest.js';
import type { DescribeDatasetResponse } from '../generated/facenas/v1/DescribeDatasetResponse.js';
import { createLogger } from '../logging/logger.js';
import { createServiceRegistry } from '../metrics/registry.js';
import { makeTestCertificates } from '../../../test/support/certs.js';
import { createClient, unary } from './client.js';
import { unaryHandler } from './handlers.js';
import { checkHealth } from './health-client.js';
import { facenasGrpc } from './proto-package.js';
import { startGrpcServer, type GrpcServerHandle } from './server.js';

// A hand-written DatasetService (a fake for the kit's sake; the real one is tested in services/dataset).
function fakeDatasetImplementation(slowMs = 0): grpc.UntypedServiceImplementation {
  const describe = unaryHandler<DescribeDatasetRequest__Output, DescribeDatasetResponse>(async (request) => {
    if (slowMs) await new Promise((r) => setTimeout(r, slowMs));
    if (request.uri === '') throw new InvalidArgumentError('uri', 'must not be empty');
    if (request.uri === 'folder:/nope') throw new NotFoundError('dataset', request.uri);
    if (request.uri === 'boom') throw new Error('kaboom');
    return { dataset: { uri: request.uri, identities: 7 } };
  });
  return { DescribeDataset: describe };
}

const logger = createLogger('test', 'silent');
let server: GrpcServerHandle | null = null;
afterEach(async () => {
  await server?.shutdown(1000);
  server = null;
});

async function start(options: Partial<Parameters<typeof startGrpcServer>[0]> = {}, slowMs = 0) {
  const registry = createServiceRegistry('test', { defaultMetrics: false });
  server = await startGrpcServer({
    services: [{ name: 'facenas.v1.DatasetService', definition: facenasGrpc().DatasetService.service, implementation: fakeDatasetImplementation(slowMs) }],
    port: 0,
    host: '127.0.0.1',
    logger,
    registry,
    ...options,
  });
  return { server, registry };
}

describe('gRPC server kit', () => {
  it('reports NOT_SERVING until told, then SERVING', async () => {
    const { server } = await start();
    const address = `127.0.0.1:${server.port}`;
    expect(await checkHealth(address)).toBe('NOT_SERVING');
    expect(await checkHealth(address, 'facenas.v1.DatasetService')).toBe('NOT_SERVING');
    server.health.set('SERVING');
    expect(await checkHealth(address)).toBe('SERVING');
    expect(await checkHealth(address, 'facenas.v1.DatasetService')).toBe('SERVING');
    await expect(checkHealth(address, 'no.such.Service')).rejects.toMatchObject({ code: grpc.status.NOT_FOUND });
  });

  it('maps thrown errors to status codes that name the field, and counts them', async () => {
    const { server, registry } = await start();
    const client = createClient<DatasetServiceClient>(facenasGrpc().DatasetService, `127.0.0.1:${server.port}`);
    try {
      expect((await unary(client, client.describeDataset, { uri: 'synthetic:' })).dataset?.identities).toBe(7);
      await expect(unary(client, client.describeDataset, { uri: '' })).rejects.toMatchObject({
        code: grpc.status.INVALID_ARGUMENT,
        details: 'uri: must not be empty',
      });
      await expect(unary(client, client.describeDataset, { uri: 'folder:/nope' })).rejects.toMatchObject({ code: grpc.status.NOT_FOUND });
      await expect(unary(client, client.describeDataset, { uri: 'boom' })).rejects.toMatchObject({ code: grpc.status.INTERNAL });
    } finally {
      client.close();
    }
    const text = await registry.metrics();
    expect(text).toMatch(/grpc_server_handled_total\{grpc_service="facenas.v1.DatasetService",grpc_method="DescribeDataset",grpc_type="unary",grpc_code="OK",service="test"\} 1/);
    expect(text).toMatch(/grpc_code="INVALID_ARGUMENT",service="test"\} 1/);
    expect(text).toMatch(/grpc_server_handling_seconds_count\{service="test",grpc_service="facenas.v1.DatasetService",grpc_method="DescribeDataset",grpc_type="unary"\} 4/);
  });

  it('puts a deadline on every call', async () => {
    const { server } = await start({}, 500);
    const client = createClient<DatasetServiceClient>(facenasGrpc().DatasetService, `127.0.0.1:${server.port}`);
    try {
      await expect(unary(client, client.describeDataset, { uri: 'x' }, { deadlineMs: 100 })).rejects.toMatchObject({ code: grpc.status.DEADLINE_EXCEEDED });
    } finally {
      client.close();
    }
  });

  it('rejects a request larger than the receive limit with RESOURCE_EXHAUSTED', async () => {
    const { server } = await start({ maxReceiveMessageBytes: 1024 });
    const client = createClient<DatasetServiceClient>(facenasGrpc().DatasetService, `127.0.0.1:${server.port}`);
    try {
      await expect(unary(client, client.describeDataset, { uri: 'x'.repeat(5000) })).rejects.toMatchObject({ code: grpc.status.RESOURCE_EXHAUSTED });
    } finally {
      client.close();
    }
  });

  it('serves reflection for its services', async () => {
    const { server } = await start();
    const reflection = facenasReflectionClient(`127.0.0.1:${server.port}`);
    const services = await reflection.listServices();
    reflection.close();
    expect(services).toContain('facenas.v1.DatasetService');
  });

  it('serves TLS and mutual TLS with certificates made here', async () => {
    const certs = makeTestCertificates();
    const { server } = await start({ tls: { certFile: certs.serverCert, keyFile: certs.serverKey, clientCaFile: certs.caCert } });
    server.health.set('SERVING');
    const address = `localhost:${server.port}`;
    expect(await checkHealth(address, '', { tls: { caFile: certs.caCert, certFile: certs.clientCert, keyFile: certs.clientKey } })).toBe('SERVING');
    // No client certificate: refused by mutual TLS.
    await expect(checkHealth(address, '', { tls: { caFile: certs.caCert }, deadlineMs: 2000 })).rejects.toMatchObject({ code: grpc.status.UNAVAILABLE });
    // A CA that did not sign the server: the client refuses the server.
    await expect(
      checkHealth(address, '', { tls: { caFile: certs.otherCaCert, certFile: certs.clientCert, keyFile: certs.clientKey }, deadlineMs: 2000 }),
    ).rejects.toMatchObject({ code: grpc.status.UNAVAILABLE });
    // Plaintext against a TLS server fails.
    await expect(checkHealth(address, '', { deadlineMs: 2000 })).rejects.toMatchObject({ code: grpc.status.UNAVAILABLE });
  });

  it('shuts down gracefully, forcing after the grace period', async () => {
    const { server } = await start({}, 5000);
    const client = createClient<DatasetServiceClient>(facenasGrpc().DatasetService, `127.0.0.1:${server.port}`);
    const pending = unary(client, client.describeDataset, { uri: 'slow' }, { deadlineMs: 10_000 }).catch((e: grpc.ServiceError) => e.code);
    await new Promise((r) => setTimeout(r, 100));
    const t0 = Date.now();
    await server.shutdown(300);
    expect(Date.now() - t0).toBeLessThan(3000);
    expect([grpc.status.UNAVAILABLE, grpc.status.CANCELLED]).toContain(await pending);
    client.close();
  });
});

// Minimal grpc.reflection.v1 client: one list_services exchange over the bidi stream.
function facenasReflectionClient(address: string) {
  const protoPath = fileURLToPath(new URL('../../../node_modules/@grpc/reflection/build/proto/grpc/reflection/v1/reflection.proto', import.meta.url));
  const pkg = grpc.loadPackageDefinition(loadSync(protoPath)) as unknown as {
    grpc: { reflection: { v1: { ServerReflection: grpc.ServiceClientConstructor } } };
  };
  const client = new pkg.grpc.reflection.v1.ServerReflection(address, grpc.credentials.createInsecure()) as unknown as grpc.Client & {
    ServerReflectionInfo(): grpc.ClientDuplexStream<{ listServices: string }, { listServicesResponse?: { service: { name: string }[] } }>;
  };
  return {
    listServices: () =>
      new Promise<string[]>((resolve, reject) => {
        const call = client.ServerReflectionInfo();
        call.on('data', (response) => {
          resolve((response.listServicesResponse?.service ?? []).map((s: { name: string }) => s.name));
          call.end();
        });
        call.on('error', reject);
        call.write({ listServices: '' });
      }),
    close: () => client.close(),
  };
}
