import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writePatternTree } from '../testing/pattern-images.js';
import { readLfw } from './lfw.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'facenas-lfw-'));
  await writePatternTree(root, ['Ann_Lee', 'Bob_Ray', 'Cy_Twombly'], [3, 1, 2], 8, 'jpeg', (name, n) => `${name}_${String(n).padStart(4, '0')}.jpg`);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('LFW tree + pairs.txt', () => {
  it('resolves every pair to an image of the tree', async () => {
    await writeFile(join(root, 'pairs.txt'), '2\t1\nAnn_Lee\t1\t3\nAnn_Lee\t2\tBob_Ray\t1\nCy_Twombly\t1\t2\nBob_Ray\t1\tCy_Twombly\t2\n');
    const lfw = await readLfw(root);
    expect(lfw.scan.identities.map((i) => [i.name, i.files.length])).toEqual([
      ['Ann_Lee', 3],
      ['Bob_Ray', 1],
      ['Cy_Twombly', 2],
    ]);
    expect(lfw.resolved).toEqual([
      { a: [0, 0], b: [0, 2] },
      { a: [0, 1], b: [1, 0] },
      { a: [2, 0], b: [2, 1] },
      { a: [1, 0], b: [2, 1] },
    ]);
  });

  it('names the pairs file and line of a pair whose image is missing', async () => {
    const pairs = join(root, 'pairsDevTest.txt');
    await writeFile(pairs, '1\nAnn_Lee\t1\t4\nAnn_Lee\t2\tBob_Ray\t1\n');
    await expect(readLfw(root, pairs)).rejects.toThrow(`${pairs}:2: image Ann_Lee/Ann_Lee_0004.jpg not found under ${root}`);
    await writeFile(pairs, '1\nAnn_Lee\t1\t2\nAnn_Lee\t2\tNo_One\t1\n');
    await expect(readLfw(root, pairs)).rejects.toThrow(`${pairs}:3: image No_One/No_One_0001.jpg not found`);
  });

  it('is NOT_FOUND without a pairs file', async () => {
    await expect(readLfw(root, join(root, 'missing.txt'))).rejects.toMatchObject({ kind: 'NOT_FOUND' });
  });
});
