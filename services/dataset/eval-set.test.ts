import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatasetCatalog } from './dataset-catalog.js';
import { capPairs, chunkImageCount, planEvalSet } from './eval-set.js';
import type { VerificationPair } from './face-dataset.js';
import { inThreadRenderer } from './sources/synthetic-renderer.js';
import { writePatternTree } from './testing/pattern-images.js';

let dir: string;
let catalog: DatasetCatalog;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'facenas-evalset-'));
  catalog = new DatasetCatalog({ syntheticRenderer: inThreadRenderer });
});
afterAll(async () => {
  await catalog.close();
  await rm(dir, { recursive: true, force: true });
});

describe('evaluation set', () => {
  it('caps pairs per fold and kind, keeping folds balanced', () => {
    const pairs: VerificationPair[] = [];
    for (let fold = 0; fold < 10; fold++) for (const same of [true, true, true, false, false, false]) pairs.push({ a: pairs.length, b: pairs.length + 1, same, fold });
    const capped = capPairs(pairs, 10, 45);
    expect(capped.length).toBe(40);
    for (let fold = 0; fold < 10; fold++) {
      expect(capped.filter((p) => p.fold === fold).map((p) => p.same)).toEqual([true, true, false, false]);
    }
    expect(capPairs(pairs, 10, 0)).toEqual(pairs);
    expect(() => capPairs(pairs, 10, 19)).toThrow('max_pairs: must be 0 or at least 20');
  });

  it('leaves out pairs and identification entries whose images do not decode', async () => {
    // a, b train (7 images: 4 trained, gallery #5, probes #6 #7); c, d evaluation-only.
    const root = join(dir, 'faces');
    await writePatternTree(root, ['a', 'b', 'c', 'd'], [7, 7, 6, 6], 8, 'png');
    await writeFile(join(root, 'a', '0005.png'), 'not an image'); // a's gallery image
    await writeFile(join(root, 'c', '0003.png'), 'not an image'); // image 16, in 7 of the drawn pairs
    const dataset = await catalog.open(`folder:${root}?eval_identities=2`);
    const corruptC = dataset.evaluation.pairs.filter((p) => p.a === 16 || p.b === 16).length;
    expect(dataset.evaluation.pairs.length).toBe(20);
    expect(corruptC).toBe(7);
    const layout = await planEvalSet(dataset, { imageSize: 0, maxPairs: 0, identities: 0 });
    expect(layout.pairs.length).toBe(20 - corruptC);
    expect(layout.gallery.map((g) => g.label)).toEqual([1]);
    expect(layout.probes.map((p) => p.label)).toEqual([1, 1]); // a's probes have no gallery image left
    expect([...layout.images].includes(16)).toBe(false);
    expect(dataset.describe().skippedCount).toBe(2);
  });

  it('sends about 4 MiB per chunk unless asked, within the message limit', () => {
    expect(chunkImageCount(0, 112)).toBe(111);
    expect(chunkImageCount(10, 112)).toBe(10);
    expect(() => chunkImageCount(100_000, 112)).toThrow('chunk_images: must be an integer in [0, 891] at 112x112');
  });
});
