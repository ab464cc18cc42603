import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatasetCatalog } from './dataset-catalog.js';
import { inThreadRenderer } from './sources/synthetic-renderer.js';
import { writePatternTree } from './testing/pattern-images.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'facenas-catalog-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('dataset catalog', () => {
  it('opens a dataset once per canonical URI, even when asked concurrently', async () => {
    const catalog = new DatasetCatalog({ syntheticRenderer: inThreadRenderer });
    try {
      const [a, b] = await Promise.all([catalog.open('synthetic:identities=2,images=4,size=32'), catalog.open('synthetic:size=32,images=4,identities=2,seed=1')]);
      expect(a).toBe(b);
      expect(a.uri).toBe('synthetic:identities=2,images=4,size=32,seed=1,strength=1,spread=1,eval_identities=100,eval_images=10');
      expect((await catalog.list()).length).toBe(1);
    } finally {
      await catalog.close();
    }
  });

  it('does not remember a failed open', async () => {
    const catalog = new DatasetCatalog({ syntheticRenderer: inThreadRenderer });
    const root = join(dir, 'later');
    try {
      await expect(catalog.open(`folder:${root}`)).rejects.toMatchObject({ kind: 'NOT_FOUND', message: `dataset folder "${root}" not found` });
      await writePatternTree(root, ['a', 'b'], [2, 2], 8, 'png');
      expect((await catalog.open(`folder:${root}`)).imageCount).toBe(4);
    } finally {
      await catalog.close();
    }
  });

  it('refuses paths outside its roots', async () => {
    const catalog = new DatasetCatalog({ syntheticRenderer: inThreadRenderer, roots: [join(dir, 'served')] });
    try {
      await expect(catalog.open('folder:/etc')).rejects.toMatchObject({ kind: 'PERMISSION_DENIED', message: `uri.path: /etc is outside the served dataset roots (${join(dir, 'served')})` });
      await expect(catalog.open(`folder:${join(dir, 'served', '..', 'later')}`)).rejects.toMatchObject({ kind: 'PERMISSION_DENIED' });
      await expect(catalog.open(`lfw:${join(dir, 'served', 'lfw')}?pairs=/etc/passwd`)).rejects.toMatchObject({ kind: 'PERMISSION_DENIED' });
      await expect(catalog.open(`folder:${join(dir, 'served', 'x')}`)).rejects.toMatchObject({ kind: 'NOT_FOUND' });
    } finally {
      await catalog.close();
    }
  });
});
