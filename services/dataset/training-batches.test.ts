import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatasetCatalog } from './dataset-catalog.js';
import type { FaceDataset } from './face-dataset.js';
import { flipHorizontal } from './flip.js';
import { inThreadRenderer } from './sources/synthetic-renderer.js';
import { encodedPattern, patternImage, writePatternTree } from './testing/pattern-images.js';
import { trainingBatches, type TrainingBatch, type TrainingStreamRequest } from './training-batches.js';

const SIZE = 8;
const NAMES = ['a', 'b', 'c', 'd', 'e'];
let root: string;
let catalog: DatasetCatalog;
let dataset: FaceDataset;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'facenas-batches-'));
  // 5 identities × 7 images: 4 train + 3 held out each → 20 training images.
  await writePatternTree(root, NAMES, [7, 7, 7, 7, 7], SIZE, 'png');
  // b/0001.png cut in half: skipped, and replaced by another image of b in batches.
  const png = await encodedPattern(1, 0, SIZE, 'png');
  await writeFile(join(root, 'b', '0001.png'), png.subarray(0, png.length >> 1));
  catalog = new DatasetCatalog({ syntheticRenderer: inThreadRenderer });
  dataset = await catalog.open(`folder:${root}?eval_identities=0`);
});
afterAll(async () => {
  await catalog.close();
  await rm(root, { recursive: true, force: true });
});

const base: TrainingStreamRequest = { batchSize: 6, imageSize: 0, identities: 0, epochs: 2, startEpoch: 0, seed: 3, flip: false, dropLast: false };

async function collect(request: TrainingStreamRequest): Promise<TrainingBatch[]> {
  const out: TrainingBatch[] = [];
  for await (const batch of trainingBatches(dataset, request)) out.push(batch);
  return out;
}

/** Which (identity, index) pattern an image is, and whether it is mirrored. */
function identify(pixels: Uint8Array): { identity: number; index: number; flipped: boolean } | null {
  for (let identity = 0; identity < NAMES.length; identity++) {
    for (let index = 0; index < 7; index++) {
      const plain = patternImage(identity, index, SIZE);
      if (Buffer.from(plain).equals(Buffer.from(pixels))) return { identity, index, flipped: false };
      flipHorizontal(plain, SIZE);
      if (Buffer.from(plain).equals(Buffer.from(pixels))) return { identity, index, flipped: true };
    }
  }
  return null;
}

function images(batch: TrainingBatch): Uint8Array[] {
  const bytes = SIZE * SIZE * 3;
  return Array.from({ length: batch.count }, (_, k) => batch.images.subarray(k * bytes, (k + 1) * bytes));
}

describe('training batches', () => {
  it('covers every training image once per epoch, labelled with its identity, and replaces a corrupt one', async () => {
    const batches = await collect(base);
    expect(batches.map((b) => [b.epoch, b.index, b.count, b.batchesPerEpoch, b.numClasses])).toEqual([
      [0, 0, 6, 4, 5],
      [0, 1, 6, 4, 5],
      [0, 2, 6, 4, 5],
      [0, 3, 2, 4, 5],
      [1, 0, 6, 4, 5],
      [1, 1, 6, 4, 5],
      [1, 2, 6, 4, 5],
      [1, 3, 2, 4, 5],
    ]);
    for (const epoch of [0, 1]) {
      const seen = batches.filter((b) => b.epoch === epoch).flatMap((b) => images(b).map((pixels, k) => ({ who: identify(pixels), label: b.labels[k] })));
      expect(seen.every((s) => s.who !== null && s.who.identity === s.label && !s.who.flipped && s.who.index < 4)).toBe(true);
      // b's first image is corrupt: its slot holds b's next image, so b/1 shows up twice.
      const keys = seen.map((s) => `${s.who?.identity}/${s.who?.index}`).sort();
      const expected = NAMES.flatMap((_, i) => [0, 1, 2, 3].map((k) => `${i}/${i === 1 && k === 0 ? 1 : k}`)).sort();
      expect(keys).toEqual(expected);
    }
    const description = dataset.describe();
    expect(description.skippedCount).toBe(1);
    expect(description.skipped[0].path).toBe(join(root, 'b', '0001.png'));
    expect(description.skipped[0].reason).toMatch(/png/i);
  });

  it('depends only on (seed, epoch): the same again, a resumed stream matches, another seed differs', async () => {
    const first = await collect(base);
    const again = await collect(base);
    expect(again.map((b) => [...b.labels])).toEqual(first.map((b) => [...b.labels]));
    expect(again.every((b, i) => Buffer.from(b.images).equals(Buffer.from(first[i].images)))).toBe(true);
    const resumed = await collect({ ...base, startEpoch: 1 });
    expect(resumed.map((b) => Buffer.from(b.images).toString('hex'))).toEqual(first.filter((b) => b.epoch === 1).map((b) => Buffer.from(b.images).toString('hex')));
    const other = await collect({ ...base, seed: 4 });
    expect(other.map((b) => [...b.labels])).not.toEqual(first.map((b) => [...b.labels]));
    expect(first[0].labels).not.toEqual(first[4].labels);
  });

  it('trains on the first N identities only, relabelled 0..N-1, and drops the last partial batch on request', async () => {
    const batches = await collect({ ...base, identities: 2, epochs: 1, batchSize: 3, dropLast: true });
    expect(batches.map((b) => b.count)).toEqual([3, 3]);
    expect(batches.every((b) => b.numClasses === 2 && [...b.labels].every((l) => l < 2))).toBe(true);
  });

  it('mirrors about half the images when flip is on, deterministically', async () => {
    const batches = await collect({ ...base, flip: true, epochs: 1 });
    const who = batches.flatMap((b) => images(b).map(identify));
    expect(who.every((w) => w !== null)).toBe(true);
    const flipped = who.filter((w) => w?.flipped).length;
    expect(flipped).toBeGreaterThan(3);
    expect(flipped).toBeLessThan(17);
    const again = await collect({ ...base, flip: true, epochs: 1 });
    expect(again.flatMap((b) => images(b).map(identify))).toEqual(who);
  });

  it('serves another size by resizing', async () => {
    const [batch] = await collect({ ...base, imageSize: 16, epochs: 1 });
    expect(batch.imageSize).toBe(16);
    expect(batch.images.length).toBe(6 * 16 * 16 * 3);
  });

  it('names the bad field of a request', async () => {
    const fails = (request: Partial<TrainingStreamRequest>) => collect({ ...base, ...request });
    await expect(fails({ batchSize: 0 })).rejects.toThrow('batch_size: must be an integer in [1, 4096], got 0');
    await expect(fails({ identities: 9 })).rejects.toThrow('identities: must be an integer in [0, 5] (the dataset has 5 training identities), got 9');
    await expect(fails({ startEpoch: 2 })).rejects.toThrow('start_epoch: must be below epochs (2), got 2');
    await expect(fails({ imageSize: 4 })).rejects.toThrow("image_size: must be an integer in [8, 512] (0 means the dataset's own size), got 4");
    await expect(fails({ batchSize: 4096, imageSize: 512 })).rejects.toThrow('batch_size: 4096 images of 512x512x3 make 3221225472 bytes, above the 33554432 a batch may carry');
    await expect(fails({ batchSize: 30, dropLast: true })).rejects.toThrow('batch_size: 30 is more than the 20 training images, and drop_last leaves no batch');
  });
});
