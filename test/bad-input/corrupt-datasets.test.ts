import { copyFile, mkdir, mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatasetServiceClient } from '../../services/common/generated/facenas/v1/DatasetService.js';
import type { GetEvalSetResponse__Output } from '../../services/common/generated/facenas/v1/GetEvalSetResponse.js';
import type { StreamBatchesResponse__Output } from '../../services/common/generated/facenas/v1/StreamBatchesResponse.js';
import { createClient, serverStream, unary } from '../../services/common/grpc/client.js';
import { facenasGrpc } from '../../services/common/grpc/proto-package.js';
import { InsightFaceRecWriter } from '../../services/dataset/formats/insightface-rec.js';
import { writeVerificationBin } from '../../services/dataset/formats/verification-bin.js';
import { datasetServeEntry } from '../../services/dataset/serve-dataset.js';
import { encodedPattern, writePatternTree } from '../../services/dataset/testing/pattern-images.js';
import { exactly, expectRefusal, expectStillServing, settle, startingWith, type ServiceUnderTest } from '../support/bad-input.js';
import { serveFromFlags, type ServedService } from '../support/served-service.js';

// Corrupt dataset files served through the real DatasetService: a file that breaks its
// format is FAILED_PRECONDITION naming the file and the line or byte offset; an image
// that does not decode is skipped (its pairs left out of evaluation sets, a substitute
// trained on) and counted in DescribeDataset. The parsers' own messages are checked in
// services/dataset/formats/*.test.ts; this is the path a client sees.

const SIZE = 16;
let dir: string;
let served: ServedService;
let client: DatasetServiceClient;
let target: ServiceUnderTest;

async function truncateToHalf(path: string): Promise<void> {
  await truncate(path, (await readFile(path)).length >> 1);
}

async function writeRec(out: string, identities: number, images: number): Promise<string> {
  await mkdir(out, { recursive: true });
  const writer = await InsightFaceRecWriter.create(out, [SIZE, SIZE]);
  for (let id = 0; id < identities; id++) {
    await writer.addIdentity(await Promise.all(Array.from({ length: images }, (_, k) => encodedPattern(id, k, SIZE, 'jpeg'))));
  }
  await writer.close();
  return join(out, 'train.rec');
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'facenas-corrupt-'));
  served = await serveFromFlags(datasetServeEntry, ['--root', dir, '--render-threads', '0']);
  await served.hosted.ready;
  client = createClient<DatasetServiceClient>(facenasGrpc().DatasetService, served.address);
  target = {
    service: 'facenas.v1.DatasetService',
    address: served.address,
    validCall: async () => {
      await unary(client, client.describeDataset, { uri: 'synthetic:identities=2,images=2,size=32,eval_identities=0' });
    },
  };
});

afterAll(async () => {
  client?.close();
  await served?.stop();
  await rm(dir, { recursive: true, force: true });
});

const describeUri = (uri: string) => settle(unary(client, client.describeDataset, { uri }, { deadlineMs: 10_000 }));

async function readStream<T>(call: grpc.ClientReadableStream<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const message of call as AsyncIterable<T>) out.push(message);
  return out;
}

describe('LFW', () => {
  // One fold: one same pair (A 1-2) and one different pair (A 3, B 1).
  const PAIRS = '1\t1\nAnn_Lee\t1\t2\nAnn_Lee\t3\tBob_Ray\t1\n';
  let lfw: string;
  beforeAll(async () => {
    lfw = join(dir, 'lfw');
    await writePatternTree(lfw, ['Ann_Lee', 'Bob_Ray'], [3, 3], SIZE, 'jpeg', (name, n) => `${name}_${String(n).padStart(4, '0')}.jpg`);
  });

  it('a malformed pairs.txt line is FAILED_PRECONDITION naming the file and line', async () => {
    const pairs = join(dir, 'bad-pairs.txt');
    await writeFile(pairs, PAIRS.replace('Ann_Lee\t1\t2', 'Ann_Lee\t1'));
    const outcome = await describeUri(`lfw:${lfw}?pairs=${pairs}`);
    expectRefusal(outcome, grpc.status.FAILED_PRECONDITION, exactly(`${pairs}:2: expected a same-person line "Name n1 n2" (numbers from 1), got "Ann_Lee\\t1"`));
    await expectStillServing(target);
  });

  it('a pair naming a missing image is FAILED_PRECONDITION naming its line', async () => {
    const pairs = join(dir, 'missing-pairs.txt');
    await writeFile(pairs, PAIRS.replace('Bob_Ray\t1', 'Bob_Ray\t9'));
    expectRefusal(await describeUri(`lfw:${lfw}?pairs=${pairs}`), grpc.status.FAILED_PRECONDITION, exactly(`${pairs}:3: image Bob_Ray/Bob_Ray_0009.jpg not found under ${lfw}`));
  });

  it('a truncated JPEG is skipped: its pair leaves the evaluation set and DescribeDataset counts it', async () => {
    const root = join(dir, 'lfw-cut');
    await writePatternTree(root, ['Ann_Lee', 'Bob_Ray'], [3, 3], SIZE, 'jpeg', (name, n) => `${name}_${String(n).padStart(4, '0')}.jpg`);
    await writeFile(join(root, 'pairs.txt'), PAIRS);
    const cut = join(root, 'Ann_Lee', 'Ann_Lee_0002.jpg');
    await truncateToHalf(cut);
    const uri = `lfw:${root}`;
    const before = await describeUri(uri);
    expect(before.value?.dataset).toMatchObject({ pairs: 2, skippedCount: 0 });
    const [first] = await readStream<GetEvalSetResponse__Output>(serverStream(client, client.getEvalSet, { uri }, { deadlineMs: 10_000 }));
    // Only the different pair is left; the same pair needed the cut image.
    expect(first.header?.pairs.map((p) => p.same)).toEqual([false]);
    const after = await describeUri(uri);
    expect(after.value?.dataset).toMatchObject({ skippedCount: 1, skipped: [{ path: cut }] });
    expect(after.value?.dataset?.skipped[0].reason).toMatch(/premature end|corrupt|truncated|jpeg/i);
    expect(await served.registry.metrics()).toMatch(/facenas_dataset_images_skipped_total\{format="lfw",service="dataset"\} 1/);
  });
});

describe('InsightFace RecordIO', () => {
  it('a bad magic is FAILED_PRECONDITION naming the byte offset; fixed, the same URI opens', async () => {
    const rec = await writeRec(join(dir, 'rec-magic'), 2, 4);
    const good = await readFile(rec);
    const bad = Buffer.from(good);
    bad.writeUInt32LE(0x12345678, 0);
    await writeFile(rec, bad);
    expectRefusal(await describeUri(`rec:${rec}`), grpc.status.FAILED_PRECONDITION, exactly(`${rec} at byte offset 0: bad magic 0x12345678 (expected 0xced7230a)`));
    await expectStillServing(target);
    // A failed open is not remembered.
    await writeFile(rec, good);
    expect((await describeUri(`rec:${rec}`)).value?.dataset).toMatchObject({ format: 'rec', identities: 2, images: 8 });
  });

  it('a truncated file is FAILED_PRECONDITION naming the offset of the cut record', async () => {
    const rec = await writeRec(join(dir, 'rec-cut'), 2, 4);
    const size = (await readFile(rec)).length;
    await truncate(rec, size - 3);
    const outcome = await describeUri(`rec:${rec}`);
    expectRefusal(outcome, grpc.status.FAILED_PRECONDITION, new RegExp(`${startingWith(rec).source} at byte offset \\d+: truncated record`));
  });

  it('a bad .idx line is FAILED_PRECONDITION naming the line', async () => {
    const rec = await writeRec(join(dir, 'rec-idx'), 2, 4);
    const idx = join(dir, 'rec-idx', 'train.idx');
    await writeFile(idx, (await readFile(idx, 'utf8')).replace(/\n1\t\d+/, '\n1\tx'));
    expectRefusal(await describeUri(`rec:${rec}`), grpc.status.FAILED_PRECONDITION, exactly(`${idx}:2: expected "key<TAB>offset", got "1\\tx"`));
  });

  it('an image record that does not decode is skipped and replaced in batches, and counted', async () => {
    const out = join(dir, 'rec-image');
    await mkdir(out, { recursive: true });
    const writer = await InsightFaceRecWriter.create(out, [SIZE, SIZE]);
    // 6 images each: the first 3 are training images (the last 3 are held out for identification).
    const images = await Promise.all(Array.from({ length: 6 }, (_, k) => encodedPattern(0, k, SIZE, 'jpeg')));
    images[1] = images[1].subarray(0, images[1].length >> 1);
    await writer.addIdentity(images);
    await writer.addIdentity(await Promise.all(Array.from({ length: 6 }, (_, k) => encodedPattern(1, k, SIZE, 'jpeg'))));
    await writer.close();
    const uri = `rec:${join(out, 'train.rec')}?eval_identities=0`;
    const batches = await readStream<StreamBatchesResponse__Output>(serverStream(client, client.streamBatches, { uri, batchSize: 2, epochs: 2, seed: 3 }, { deadlineMs: 10_000 }));
    // Every batch stays full and correctly labelled: the broken image is replaced by another of identity 0.
    expect(batches.map((b) => b.count)).toEqual([2, 2, 2, 2, 2, 2]);
    expect(batches.flatMap((b) => b.labels).sort()).toEqual([0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1]);
    const described = await describeUri(uri);
    expect(described.value?.dataset?.skippedCount).toBe(1);
    expect(described.value?.dataset?.skipped[0].path).toMatch(/train\.rec key \d+ at byte offset \d+$/);
  });
});

describe('verification bins', () => {
  async function writeBin(path: string): Promise<Uint8Array[]> {
    const images = await Promise.all(Array.from({ length: 8 }, (_, k) => encodedPattern(k >> 1, k & 1, SIZE, 'jpeg')));
    await writeVerificationBin(path, { images, issame: [true, false, true, false] });
    return images;
  }

  it('a truncated pickle is FAILED_PRECONDITION naming the byte offset', async () => {
    const bin = join(dir, 'cut.bin');
    await writeBin(bin);
    await truncateToHalf(bin);
    expectRefusal(await describeUri(`bin:${bin}`), grpc.status.FAILED_PRECONDITION, new RegExp(`${startingWith(bin).source} at byte offset \\d+: pickle ends inside`));
  });

  it('a file that is not a pickle is FAILED_PRECONDITION naming the offset', async () => {
    const bin = join(dir, 'text.bin');
    await copyFile(join(dir, 'lfw', 'Ann_Lee', 'Ann_Lee_0001.jpg'), bin);
    expectRefusal(await describeUri(`bin:${bin}`), grpc.status.FAILED_PRECONDITION, /at byte offset \d+: /);
  });

  it('an image that does not decode drops its pair from the evaluation set and is counted', async () => {
    const bin = join(dir, 'broken-image.bin');
    const images = await writeBin(bin);
    images[5] = images[5].subarray(0, 40);
    await writeVerificationBin(bin, { images, issame: [true, false, true, false] });
    const uri = `bin:${bin}`;
    const [first] = await readStream<GetEvalSetResponse__Output>(serverStream(client, client.getEvalSet, { uri }, { deadlineMs: 10_000 }));
    // Pair 2 (images 4 and 5) is gone; the other three are served.
    expect(first.header?.pairs.map((p) => p.same)).toEqual([true, false, false]);
    expect((await describeUri(uri)).value?.dataset).toMatchObject({ skippedCount: 1, skipped: [{ path: `${bin} image 5` }] });
  });

  it('asking a bin for training batches is INVALID_ARGUMENT naming the uri', async () => {
    const bin = join(dir, 'train.bin');
    await writeBin(bin);
    const outcome = await settle(readStream(serverStream(client, client.streamBatches, { uri: `bin:${bin}`, batchSize: 2, epochs: 1 }, { deadlineMs: 10_000 })));
    expectRefusal(outcome, grpc.status.INVALID_ARGUMENT, 'uri');
    await expectStillServing(target);
  });
});
