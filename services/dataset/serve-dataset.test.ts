import { describe, expect, it } from 'vitest';
import { parseOptions } from '../common/config/options.js';
import { createLogger } from '../common/logging/logger.js';
import { createServiceRegistry } from '../common/metrics/registry.js';
import type { ServeContext } from '../common/service/serve-entry.js';
import { warmTrainingImages } from './cache-warmer.js';
import { DatasetCatalog } from './dataset-catalog.js';
import { DATASET_OPTIONS, datasetServeEntry } from './serve-dataset.js';
import { inThreadRenderer } from './sources/synthetic-renderer.js';

describe('facenas serve dataset', () => {
  it('takes datasets and roots from repeated flags or ";"-separated environment variables', () => {
    const fromFlags = parseOptions(DATASET_OPTIONS, ['--dataset', 'synthetic:identities=2,images=5', '--dataset', 'folder:/data/casia', '--cache-mb', '64', '--warm'], {});
    expect(fromFlags.values).toEqual({ datasets: ['synthetic:identities=2,images=5', 'folder:/data/casia'], roots: [], cacheMb: 64, warm: true, renderThreads: undefined });
    const fromEnv = parseOptions(DATASET_OPTIONS, [], { FACENAS_DATASETS: 'synthetic:size=112; bin:/d/lfw.bin', FACENAS_DATASET_ROOTS: '/data;/mnt', FACENAS_RENDER_THREADS: '3' });
    expect(fromEnv.values).toMatchObject({ datasets: ['synthetic:size=112', 'bin:/d/lfw.bin'], roots: ['/data', '/mnt'], cacheMb: 512, warm: false, renderThreads: 3 });
    expect(() => parseOptions(DATASET_OPTIONS, ['--cache-mb=-1'], {})).toThrow('--cache-mb: must be at least 0, got "-1"');
  });

  it('starts the DatasetService binding and fails readiness on a configured dataset that does not open', async () => {
    const options = parseOptions(DATASET_OPTIONS, ['--dataset', 'folder:/no/such/folder', '--root', '/no'], {}).values;
    const parts = await datasetServeEntry.start({
      options: options as ServeContext<typeof DATASET_OPTIONS>['options'],
      logger: createLogger('dataset', 'silent'),
      registry: createServiceRegistry('dataset', { defaultMetrics: false }),
    });
    try {
      expect(parts.bindings.map((b) => b.name)).toEqual(['facenas.v1.DatasetService']);
      await expect(parts.ready?.()).rejects.toMatchObject({ kind: 'NOT_FOUND' });
    } finally {
      await parts.stop?.();
    }
  });

  it('warms the cache with training images while there is room', async () => {
    const catalog = new DatasetCatalog({ syntheticRenderer: inThreadRenderer, cacheBytes: 10 * 32 * 32 * 3 });
    try {
      const dataset = await catalog.open('synthetic:identities=3,images=5,size=32,eval_identities=0');
      expect(await warmTrainingImages(dataset, () => catalog.cacheRoom)).toBe(6);
      expect(catalog.cachedBytes).toBe(6 * 32 * 32 * 3);
      const bigger = await catalog.open('synthetic:identities=3,images=5,size=32,seed=2,eval_identities=0');
      // 4 images of room left, a chunk of 6 does not fit: nothing is evicted.
      expect(await warmTrainingImages(bigger, () => catalog.cacheRoom)).toBe(0);
      expect(catalog.cachedBytes).toBe(6 * 32 * 32 * 3);
    } finally {
      await catalog.close();
    }
  });
});
