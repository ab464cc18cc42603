import { resolve } from 'node:path';
import { z } from 'zod';
import type { OptionSpec } from '../common/config/options.js';
import { defineServeEntry } from '../common/service/serve-entry.js';
import { DEFAULT_CACHE_BYTES } from './dataset-catalog.js';
import { createDatasetService } from './dataset-service.js';
import { inThreadRenderer, poolRenderer } from './sources/synthetic-renderer.js';

/** Lists from repeated flags, or from one environment variable separated by ';' (URIs hold commas). */
const list = z.union([z.array(z.string().min(1)), z.string().transform((s) => s.split(';').map((p) => p.trim()).filter(Boolean))]).default([]);

export const DATASET_OPTIONS = {
  datasets: {
    flag: 'dataset',
    env: 'FACENAS_DATASETS',
    kind: 'string',
    multiple: true,
    schema: list,
    help: 'dataset URI to open at start and list (repeat the flag; in the environment separate with ";")',
  } satisfies OptionSpec<string[]>,
  roots: {
    flag: 'root',
    env: 'FACENAS_DATASET_ROOTS',
    kind: 'string',
    multiple: true,
    schema: list,
    help: 'folder that file datasets must lie in (repeat; ";" in the environment); without it any readable path is served',
  } satisfies OptionSpec<string[]>,
  cacheMb: {
    flag: 'cache-mb',
    env: 'FACENAS_DATASET_CACHE_MB',
    kind: 'string',
    schema: z.coerce.number().int().min(0, 'must be at least 0').max(1_048_576).default(DEFAULT_CACHE_BYTES / 2 ** 20),
    help: 'memory for decoded images (MiB)',
    shownDefault: String(DEFAULT_CACHE_BYTES / 2 ** 20),
  } satisfies OptionSpec<number>,
  warm: {
    flag: 'warm',
    env: 'FACENAS_DATASET_WARM',
    kind: 'boolean',
    schema: z.boolean().default(false),
    help: 'after start, load the configured datasets\' training images into the cache (first epochs stream at cache speed)',
  } satisfies OptionSpec<boolean>,
  renderThreads: {
    flag: 'render-threads',
    env: 'FACENAS_RENDER_THREADS',
    kind: 'string',
    schema: z.coerce.number().int().min(0).max(64).optional(),
    help: 'worker threads rendering synthetic faces (default: the number of cores; 0 renders on the main thread)',
  } satisfies OptionSpec<number | undefined>,
};

/** `facenas serve dataset`: DatasetService over the configured and requested datasets. */
export const datasetServeEntry = defineServeEntry({
  name: 'dataset',
  summary: 'dataset service: training batches and evaluation sets from synthetic, LFW, image folders, RecordIO and bins',
  options: DATASET_OPTIONS,
  async start({ options, logger, registry }) {
    const service = createDatasetService({
      logger,
      registry,
      datasets: options.datasets,
      roots: options.roots.map((root) => resolve(root)),
      cacheBytes: options.cacheMb * 2 ** 20,
      syntheticRenderer: options.renderThreads === 0 ? inThreadRenderer : poolRenderer(options.renderThreads),
    });
    return {
      bindings: [service],
      ready: () => service.preload({ warm: options.warm }),
      stop: () => service.close(),
    };
  },
});
