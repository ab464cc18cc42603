import { mkdtemp, readdir, rm, stat, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatasetCatalog } from './dataset-catalog.js';
import { exportDataset, type ExportFormat } from './dataset-export.js';
import type { FaceDataset } from './face-dataset.js';
import { inThreadRenderer } from './sources/synthetic-renderer.js';
import { maxAbsDifference } from './testing/pattern-images.js';

// End to end per format: a small synthetic set is written in each real format
// (PNG, lossless, so pixels must match exactly; JPEG within a tolerance) and read
// back through its URI.

const SOURCE = 'synthetic:identities=4,images=5,size=32,seed=5,eval_identities=4,eval_images=4';
let dir: string;
let catalog: DatasetCatalog;
let source: FaceDataset;
let originals: Uint8Array[];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'facenas-roundtrip-'));
  catalog = new DatasetCatalog({ syntheticRenderer: inThreadRenderer });
  source = await catalog.open(SOURCE);
  originals = (await source.loadImages(
    Array.from({ length: source.imageCount }, (_, i) => i),
    32,
  )) as Uint8Array[];
});
afterAll(async () => {
  await catalog.close();
  await rm(dir, { recursive: true, force: true });
});

async function exported(format: ExportFormat, imageFormat: 'png' | 'jpeg' = 'png'): Promise<string> {
  const out = join(dir, `${format}-${imageFormat}`);
  const summary = await exportDataset(source, { format, out, imageFormat });
  expect(summary.skipped).toBe(0);
  return out;
}

async function expectSamePixels(copy: FaceDataset): Promise<void> {
  expect(copy.imageCount).toBe(source.imageCount);
  const loaded = await copy.loadImages(
    Array.from({ length: copy.imageCount }, (_, i) => i),
    32,
  );
  loaded.forEach((pixels, i) => expect(pixels && Buffer.from(pixels).equals(Buffer.from(originals[i]))).toBe(true));
}

function expectValidPairs(dataset: FaceDataset): void {
  for (const p of dataset.evaluation.pairs) expect(dataset.identityOf(p.a) === dataset.identityOf(p.b)).toBe(p.same);
}

describe('dataset formats end to end', () => {
  it('describes the synthetic source: training, hold-out and evaluation identities', () => {
    expect(source.describe()).toMatchObject({
      format: 'synthetic',
      identities: 8,
      images: 36,
      trainIdentities: 4,
      trainImages: 8,
      evalIdentities: 4,
      probes: 8,
      gallery: 4,
      pairs: 20,
      folds: 10,
      imageSize: 32,
      channels: 3,
      skippedCount: 0,
    });
    expectValidPairs(source);
    // Evaluation pairs only use evaluation identities.
    expect(source.evaluation.pairs.every((p) => source.identityOf(p.a) >= 4 && source.identityOf(p.b) >= 4)).toBe(true);
  });

  it.each([
    ['folder', (out: string) => `folder:${out}?eval_identities=4`],
    ['rec', (out: string) => `rec:${join(out, 'train.rec')}?eval_identities=4`],
  ] as const)('%s: same pixels, identities, training index and identification lists', async (format, uri) => {
    const copy = await catalog.open(uri(await exported(format)));
    await expectSamePixels(copy);
    expect(Array.from({ length: 8 }, (_, i) => copy.identityName(i))).toEqual(
      format === 'folder' ? Array.from({ length: 8 }, (_, i) => source.identityName(i)) : ['0000000', '0000001', '0000002', '0000003', '0000004', '0000005', '0000006', '0000007'],
    );
    expect([...(copy.training?.images ?? [])]).toEqual([...(source.training?.images ?? [])]);
    expect([...(copy.training?.labels ?? [])]).toEqual([...(source.training?.labels ?? [])]);
    expect(copy.evaluation.probes).toEqual(source.evaluation.probes);
    expect(copy.evaluation.gallery).toEqual(source.evaluation.gallery);
    // Pairs are drawn again (a folder has no seed of its own) from the same evaluation identities.
    expect(copy.describe()).toMatchObject({ pairs: 20, folds: 10, trainIdentities: 4, evalIdentities: 4 });
    expectValidPairs(copy);
  });

  it('lfw: same pixels, and pairs.txt gives back the same pairs and folds', async () => {
    const out = await exported('lfw');
    expect((await readdir(join(out, 'id_eval_0000000'))).sort()).toEqual(['id_eval_0000000_0001.png', 'id_eval_0000000_0002.png', 'id_eval_0000000_0003.png', 'id_eval_0000000_0004.png']);
    const copy = await catalog.open(`lfw:${out}`);
    await expectSamePixels(copy);
    expect(copy.evaluation.pairs).toEqual(source.evaluation.pairs);
    expect(copy.evaluation.folds).toBe(10);
    // LFW trains on every identity: 8 identities, 4 of them with 5 images (2 trained) and 4 with 4 (1 trained).
    expect(copy.describe()).toMatchObject({ trainIdentities: 8, trainImages: 12, evalIdentities: 0, probes: 16, gallery: 8 });
  });

  it('bin: pair i is images 2i and 2i+1 with its flag, in the same folds', async () => {
    const copy = await catalog.open(`bin:${join(await exported('bin'), 'verification.bin')}`);
    expect(copy.describe()).toMatchObject({ format: 'bin', identities: 0, images: 40, pairs: 20, folds: 10, trainImages: 0 });
    expect(copy.training).toBeNull();
    const pixels = await copy.loadImages(
      Array.from({ length: 40 }, (_, i) => i),
      32,
    );
    source.evaluation.pairs.forEach((p, i) => {
      expect(copy.evaluation.pairs[i]).toEqual({ a: 2 * i, b: 2 * i + 1, same: p.same, fold: p.fold });
      expect(Buffer.from(pixels[2 * i] as Uint8Array).equals(Buffer.from(originals[p.a]))).toBe(true);
      expect(Buffer.from(pixels[2 * i + 1] as Uint8Array).equals(Buffer.from(originals[p.b]))).toBe(true);
    });
  });

  it('JPEG exports read back within JPEG error; a corrupt JPEG is skipped and counted, never fatal', async () => {
    const out = await exported('folder', 'jpeg');
    const broken = join(out, source.identityName(2), '0003.jpg');
    await truncate(broken, Math.floor((await stat(broken)).size / 2));
    const copy = await catalog.open(`folder:${out}?eval_identities=4`);
    const loaded = await copy.loadImages(
      Array.from({ length: copy.imageCount }, (_, i) => i),
      32,
    );
    const brokenId = 2 * 5 + 2;
    loaded.forEach((pixels, i) => {
      if (i === brokenId) return expect(pixels).toBeNull();
      let sum = 0;
      for (let k = 0; k < originals[i].length; k++) sum += Math.abs((pixels as Uint8Array)[k] - originals[i][k]);
      // Quality 95 on these noisy 32 px faces measured a mean error up to 3.3 and a worst pixel of 23.
      expect(sum / originals[i].length).toBeLessThan(5);
      expect(maxAbsDifference(pixels as Uint8Array, originals[i])).toBeLessThan(40);
    });
    const described = copy.describe();
    expect(described.skippedCount).toBe(1);
    expect(described.skipped[0]).toMatchObject({ path: broken });
    expect(described.skipped[0].reason).toMatch(/^corrupt or truncated JPEG \(\d+ bytes\): /);
  });
});
