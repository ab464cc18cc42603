import * as grpc from '@grpc/grpc-js';
import type { Registry } from 'prom-client';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatasetServiceClient } from '../common/generated/facenas/v1/DatasetService.js';
import type { GetEvalSetResponse__Output } from '../common/generated/facenas/v1/GetEvalSetResponse.js';
import type { StreamBatchesRequest } from '../common/generated/facenas/v1/StreamBatchesRequest.js';
import type { StreamBatchesResponse__Output } from '../common/generated/facenas/v1/StreamBatchesResponse.js';
import { createClient, serverStream, unary } from '../common/grpc/client.js';
import { facenasGrpc } from '../common/grpc/proto-package.js';
import { startGrpcServer, type GrpcServerHandle } from '../common/grpc/server.js';
import { createLogger } from '../common/logging/logger.js';
import { createServiceRegistry } from '../common/metrics/registry.js';
import { createDatasetService, type DatasetServiceHandle } from './dataset-service.js';
import { flipHorizontal } from './flip.js';
import { inThreadRenderer } from './sources/synthetic-renderer.js';
import { encodedPattern, patternImage, writePatternTree } from './testing/pattern-images.js';

const SYNTHETIC = 'synthetic:identities=3,images=5,size=32,eval_identities=2,eval_images=3';
let dir: string;
let folderUri: string;
let server: GrpcServerHandle;
let service: DatasetServiceHandle;
let registry: Registry;
let client: DatasetServiceClient;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'facenas-service-'));
  // 6 identities × 7 images of 8 px; with eval_identities=2: 4 training identities (16 training images), 2 for pairs.
  await writePatternTree(join(dir, 'faces'), ['p0', 'p1', 'p2', 'p3', 'p4', 'p5'], [7, 7, 7, 7, 7, 7], 8, 'png');
  const png = await encodedPattern(2, 1, 8, 'png');
  await writeFile(join(dir, 'faces', 'p2', '0002.png'), png.subarray(0, 30));
  folderUri = `folder:${join(dir, 'faces')}?eval_identities=2`;
  registry = createServiceRegistry('dataset', { defaultMetrics: false });
  service = createDatasetService({ logger: createLogger('dataset', 'silent'), registry, syntheticRenderer: inThreadRenderer, datasets: [SYNTHETIC] });
  server = await startGrpcServer({ services: [service], port: 0, host: '127.0.0.1', logger: createLogger('grpc', 'silent'), registry });
  client = createClient<DatasetServiceClient>(facenasGrpc().DatasetService, `127.0.0.1:${server.port}`);
});
afterAll(async () => {
  client.close();
  await server.shutdown(1000);
  await service.close();
  await rm(dir, { recursive: true, force: true });
});

function stream(request: StreamBatchesRequest): grpc.ClientReadableStream<StreamBatchesResponse__Output> {
  return serverStream(client, client.streamBatches, request, { deadlineMs: 30_000 });
}

async function readAll<T>(call: grpc.ClientReadableStream<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const message of call as AsyncIterable<T>) out.push(message);
  return out;
}

const base: StreamBatchesRequest = { uri: '', split: 'SPLIT_TRAIN', batchSize: 5, epochs: 2, seed: 11 };

describe('DatasetService over loopback gRPC', () => {
  it('describes datasets and lists the configured and opened ones', async () => {
    const described = await unary(client, client.describeDataset, { uri: folderUri });
    expect(described.dataset).toMatchObject({
      uri: folderUri,
      format: 'folder',
      identities: 6,
      images: 42,
      trainIdentities: 4,
      trainImages: 16,
      evalIdentities: 2,
      probes: 8,
      gallery: 4,
      folds: 10,
      imageSize: 8,
      channels: 3,
    });
    const listed = await unary(client, client.listDatasets, {});
    expect(listed.datasets.map((d) => d.uri).sort()).toEqual([folderUri, 'synthetic:identities=3,images=5,size=32,seed=1,strength=1,spread=1,eval_identities=2,eval_images=3'].sort());
  });

  it('streams the same batches for the same seed, different ones for another seed', async () => {
    const a = await readAll(stream({ ...base, uri: folderUri }));
    const b = await readAll(stream({ ...base, uri: folderUri }));
    const c = await readAll(stream({ ...base, uri: folderUri, seed: 12 }));
    expect(a.map((m) => [m.epoch, m.index, m.count, m.batchesPerEpoch, m.imageSize, m.channels, m.numClasses])).toEqual([
      [0, 0, 5, 4, 8, 3, 4],
      [0, 1, 5, 4, 8, 3, 4],
      [0, 2, 5, 4, 8, 3, 4],
      [0, 3, 1, 4, 8, 3, 4],
      [1, 0, 5, 4, 8, 3, 4],
      [1, 1, 5, 4, 8, 3, 4],
      [1, 2, 5, 4, 8, 3, 4],
      [1, 3, 1, 4, 8, 3, 4],
    ]);
    expect(b.map((m) => Buffer.from(m.images).toString('hex'))).toEqual(a.map((m) => Buffer.from(m.images).toString('hex')));
    expect(b.map((m) => m.labels)).toEqual(a.map((m) => m.labels));
    expect(c.map((m) => m.labels)).not.toEqual(a.map((m) => m.labels));
    // p2's second image is corrupt: skipped, counted by format, and replaced by another p2 image.
    expect(await registry.metrics()).toMatch(/facenas_dataset_images_skipped_total\{format="folder",service="dataset"\} 1/);
    const described = await unary(client, client.describeDataset, { uri: folderUri });
    expect(described.dataset?.skippedCount).toBe(1);
    expect(described.dataset?.skipped[0].path).toBe(join(dir, 'faces', 'p2', '0002.png'));
  });

  it('relabels an identity subset 0..N-1 and mirrors images with flip', async () => {
    const subset = await readAll(stream({ ...base, uri: folderUri, identities: 2, batchSize: 3, epochs: 1 }));
    expect(subset.map((m) => m.count)).toEqual([3, 3, 2]);
    expect(subset.every((m) => m.numClasses === 2 && m.labels.every((l) => l === 0 || l === 1))).toBe(true);
    expect(subset.flatMap((m) => m.labels).sort()).toEqual([0, 0, 0, 0, 1, 1, 1, 1]);

    const plain = await readAll(stream({ ...base, uri: folderUri, epochs: 1 }));
    const flipped = await readAll(stream({ ...base, uri: folderUri, epochs: 1, flip: true }));
    let mirrored = 0;
    plain.forEach((m, b) => {
      for (let k = 0; k < m.count; k++) {
        const original = Uint8Array.from(m.images.subarray(k * 192, (k + 1) * 192));
        const got = Buffer.from(flipped[b].images.subarray(k * 192, (k + 1) * 192));
        if (got.equals(Buffer.from(original))) continue;
        flipHorizontal(original, 8);
        expect(got.equals(Buffer.from(original))).toBe(true);
        mirrored++;
      }
    });
    expect(mirrored).toBeGreaterThan(2);
    expect(mirrored).toBeLessThan(14);
  });

  it('does not run ahead of a slow reader (back-pressure), then delivers everything', async () => {
    // 16 training images per batch, 200 epochs of one batch each, served at 64 px: 196 KiB a message.
    const request = { ...base, uri: folderUri, batchSize: 16, epochs: 200, imageSize: 64, dropLast: true };
    const streamed = async () => ((await registry.getSingleMetric('facenas_dataset_images_streamed_total')?.get())?.values ?? []).find((v) => v.labels.rpc === 'StreamBatches')?.value ?? 0;
    const before = await streamed();
    const call = stream(request);
    const received: StreamBatchesResponse__Output[] = [];
    await new Promise<void>((resolve) => {
      call.on('data', (m: StreamBatchesResponse__Output) => {
        received.push(m);
        if (received.length === 2) {
          call.pause();
          resolve();
        }
      });
    });
    await new Promise((r) => setTimeout(r, 1000));
    const writtenWhilePaused = ((await streamed()) - before) / 16;
    // Measured 20 of the 200: the client buffers 16 messages, HTTP/2 a window, the server its 2 pending writes.
    expect(writtenWhilePaused).toBeLessThan(40);
    const done = new Promise<void>((resolve, reject) => {
      call.on('end', resolve);
      call.on('error', reject);
    });
    call.resume();
    await done;
    expect(received.length).toBe(200);
    expect(received.map((m) => m.epoch)).toEqual(Array.from({ length: 200 }, (_, i) => i));
  });

  it('sends the evaluation set as a header with pairs and lists, then image chunks', async () => {
    const messages = await readAll(serverStream(client, client.getEvalSet, { uri: folderUri, chunkImages: 7 }, { deadlineMs: 30_000 }));
    const [first, ...chunks] = messages as GetEvalSetResponse__Output[];
    const header = first.header;
    if (!header) throw new Error('no header');
    expect(header).toMatchObject({ imageSize: 8, channels: 3, folds: 10 });
    expect(header.pairs.length).toBe(20);
    expect(header.probeImages.length).toBe(8);
    expect(header.galleryImages.length).toBe(4);
    expect(header.galleryLabels).toEqual([0, 1, 2, 3]);
    expect(chunks.map((c) => c.offset)).toEqual(Array.from({ length: Math.ceil(header.images / 7) }, (_, i) => i * 7));
    expect(chunks.reduce((n, c) => n + c.count, 0)).toBe(header.images);
    const pixels = Buffer.concat(chunks.map((c) => c.images));
    expect(pixels.length).toBe(header.images * 192);
    const image = (i: number) => pixels.subarray(i * 192, (i + 1) * 192);
    // Gallery image of label c is p<c>'s 5th image (index 4); probes are the 6th and 7th.
    header.galleryImages.forEach((g, c) => expect(image(g).equals(Buffer.from(patternImage(c, 4, 8)))).toBe(true));
    header.probeImages.forEach((p, k) => expect(image(p).equals(Buffer.from(patternImage(header.probeLabels[k], 5 + (k % 2), 8)))).toBe(true));
    // Pairs use the two evaluation identities only (p4, p5): same pairs are one of them twice.
    for (const pair of header.pairs) {
      const who = (i: number) => [4, 5].find((id) => [0, 1, 2, 3, 4, 5, 6].some((n) => image(i).equals(Buffer.from(patternImage(id, n, 8)))));
      expect(who(pair.a)).toBeDefined();
      expect(who(pair.a) === who(pair.b)).toBe(pair.same);
    }
    const capped = await readAll(serverStream(client, client.getEvalSet, { uri: folderUri, maxPairs: 0, identities: 2, imageSize: 16 }, { deadlineMs: 30_000 }));
    expect((capped[0] as GetEvalSetResponse__Output).header).toMatchObject({ imageSize: 16, probeLabels: [0, 0, 1, 1], galleryLabels: [0, 1] });
  });

  it('answers INVALID_ARGUMENT naming the field, NOT_FOUND for a missing path', async () => {
    await expect(unary(client, client.describeDataset, { uri: 'synthetic:identities=abc' })).rejects.toMatchObject({
      code: grpc.status.INVALID_ARGUMENT,
      details: 'uri.identities: must be a positive integer, got "abc"',
    });
    await expect(unary(client, client.describeDataset, { uri: `folder:${join(dir, 'nope')}` })).rejects.toMatchObject({
      code: grpc.status.NOT_FOUND,
      details: `dataset folder "${join(dir, 'nope')}" not found`,
    });
    await expect(unary(client, client.describeDataset, { uri: `rec:${join(dir, 'none.rec')}` })).rejects.toMatchObject({ code: grpc.status.NOT_FOUND });
    await expect(readAll(stream({ ...base, uri: folderUri, batchSize: 0 }))).rejects.toMatchObject({
      code: grpc.status.INVALID_ARGUMENT,
      details: 'batch_size: must be an integer in [1, 4096], got 0',
    });
    await expect(readAll(stream({ ...base, uri: folderUri, identities: 5 }))).rejects.toMatchObject({
      code: grpc.status.INVALID_ARGUMENT,
      details: 'identities: must be an integer in [0, 4] (the dataset has 4 training identities), got 5',
    });
    await expect(readAll(serverStream(client, client.getEvalSet, { uri: folderUri, maxPairs: 5 }, { deadlineMs: 5000 }))).rejects.toMatchObject({
      code: grpc.status.INVALID_ARGUMENT,
      details: 'max_pairs: must be 0 or at least 20 (one same and one different pair in each of 10 folds), got 5',
    });
  });
});
