import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGrpcServer, type GrpcServerHandle } from '../common/grpc/server.js';
import { createLogger } from '../common/logging/logger.js';
import { createServiceRegistry } from '../common/metrics/registry.js';
import { describeDataset, embeddedEndpoint, fetchEvalSet, streamTrainingBatches, type DatasetEndpoint, type TrainingBatch, type TrainingBatchesRequest } from './batch-source.js';
import { DatasetCatalog } from './dataset-catalog.js';
import { createDatasetService, type DatasetServiceHandle } from './dataset-service.js';
import { inThreadRenderer } from './sources/synthetic-renderer.js';

const URI = 'synthetic:identities=3,images=5,size=32,seed=9,eval_identities=3,eval_images=4';
let server: GrpcServerHandle;
let service: DatasetServiceHandle;
let catalog: DatasetCatalog;
let embedded: DatasetEndpoint;
let remote: DatasetEndpoint;

beforeAll(async () => {
  const registry = createServiceRegistry('dataset', { defaultMetrics: false });
  service = createDatasetService({ logger: createLogger('dataset', 'silent'), registry, syntheticRenderer: inThreadRenderer });
  server = await startGrpcServer({ services: [service], port: 0, host: '127.0.0.1', logger: createLogger('grpc', 'silent'), registry });
  catalog = new DatasetCatalog({ syntheticRenderer: inThreadRenderer });
  embedded = { mode: 'embedded', catalog };
  remote = { mode: 'remote', address: `127.0.0.1:${server.port}`, deadlineMs: 30_000 };
});
afterAll(async () => {
  await server.shutdown(1000);
  await service.close();
  await catalog.close();
});

const request: TrainingBatchesRequest = { uri: URI, batchSize: 4, imageSize: 0, identities: 0, epochs: 2, startEpoch: 0, seed: 5, flip: true, dropLast: false };

async function collect(endpoint: DatasetEndpoint, r: TrainingBatchesRequest): Promise<TrainingBatch[]> {
  const out: TrainingBatch[] = [];
  for await (const batch of streamTrainingBatches(endpoint, r)) out.push(batch);
  return out;
}

function comparable(batches: TrainingBatch[]) {
  return batches.map((b) => ({ ...b, images: Buffer.from(b.images).toString('base64'), labels: [...b.labels] }));
}

describe('batch source: embedded and over gRPC', () => {
  it('gives identical training batches both ways', async () => {
    const local = await collect(embedded, request);
    const overGrpc = await collect(remote, request);
    expect(local.length).toBe(4); // 3 identities × 2 training images = 6 → 2 batches per epoch
    expect(comparable(overGrpc)).toEqual(comparable(local));
    const at64 = await collect(remote, { ...request, imageSize: 64, epochs: 1, identities: 2 });
    expect(comparable(at64)).toEqual(comparable(await collect(embedded, { ...request, imageSize: 64, epochs: 1, identities: 2 })));
    expect(at64[0].images.length).toBe(4 * 64 * 64 * 3);
  });

  it('stops a stream when the consumer breaks out', async () => {
    let seen = 0;
    for await (const batch of streamTrainingBatches(remote, { ...request, epochs: 0 })) {
      seen++;
      if (batch.epoch === 3) break;
    }
    expect(seen).toBe(7);
  });

  it('gives identical evaluation sets both ways', async () => {
    const fetch = { uri: URI, imageSize: 0, maxPairs: 0, identities: 0 };
    const local = await fetchEvalSet(embedded, fetch);
    const overGrpc = await fetchEvalSet(remote, fetch);
    expect(local.count).toBeGreaterThan(0);
    expect(local.pairs.length).toBe(20);
    expect(local.probes.length).toBe(6);
    expect(local.gallery.length).toBe(3);
    expect({ ...overGrpc, images: Buffer.from(overGrpc.images).toString('base64') }).toEqual({ ...local, images: Buffer.from(local.images).toString('base64') });
    expect(local.images.length).toBe(local.count * 32 * 32 * 3);
    expect(await describeDataset(remote, URI)).toEqual(await describeDataset(embedded, URI));
    const own = embeddedEndpoint({ cacheBytes: 1 << 20 });
    try {
      expect(await describeDataset(own, URI)).toEqual(await describeDataset(embedded, URI));
    } finally {
      await own.catalog.close();
    }
  });

  it('fails the same way both ways', async () => {
    const bad = { ...request, batchSize: 0 };
    await expect(collect(embedded, bad)).rejects.toMatchObject({ kind: 'INVALID_ARGUMENT', message: 'batch_size: must be an integer in [1, 4096], got 0' });
    await expect(collect(remote, bad)).rejects.toMatchObject({ kind: 'INVALID_ARGUMENT', message: 'batch_size: must be an integer in [1, 4096], got 0' });
    await expect(fetchEvalSet(remote, { uri: 'folder:/no/such/faces', imageSize: 0, maxPairs: 0, identities: 0 })).rejects.toMatchObject({ kind: 'NOT_FOUND' });
    await expect(fetchEvalSet(embedded, { uri: 'folder:/no/such/faces', imageSize: 0, maxPairs: 0, identities: 0 })).rejects.toMatchObject({ kind: 'NOT_FOUND' });
  });
});
