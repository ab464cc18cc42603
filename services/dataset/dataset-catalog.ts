import { relative, isAbsolute } from 'node:path';
import { FacenasError } from '../common/errors/errors.js';
import { formatDatasetUri, parseDatasetUri, type DatasetUri } from './dataset-uri.js';
import type { DatasetFormat, FaceDataset } from './face-dataset.js';
import type { SkippedImage } from './formats/skipped-image.js';
import { ImageCache } from './image-cache.js';
import { openDataset } from './open-dataset.js';
import type { SyntheticRendererFactory } from './sources/synthetic-dataset.js';

export const DEFAULT_CACHE_BYTES = 512 * 1024 * 1024;

export interface DatasetCatalogOptions {
  /** Budget of decoded images kept in memory across all open datasets. */
  cacheBytes?: number;
  /** When set, file datasets must lie under one of these folders (a served catalog should set it). */
  roots?: readonly string[];
  /** Renders synthetic faces (the service passes the worker pool; tests may pass a stand-in). */
  syntheticRenderer: SyntheticRendererFactory;
  onSkip?: (format: DatasetFormat, skipped: SkippedImage) => void;
}

/**
 * The open datasets of a process, by canonical URI: each is opened once (concurrent
 * opens share the work; a failed open is not remembered) and shares one image cache.
 */
export class DatasetCatalog {
  private readonly datasets = new Map<string, Promise<FaceDataset>>();
  private readonly cache: ImageCache;

  constructor(private readonly options: DatasetCatalogOptions) {
    this.cache = new ImageCache(options.cacheBytes ?? DEFAULT_CACHE_BYTES);
  }

  /** Parses, checks and opens `uri`; errors name `field` (e.g. `uri.identities`). */
  async open(uri: string, field = 'uri'): Promise<FaceDataset> {
    const parsed = parseDatasetUri(uri, field);
    this.checkRoots(parsed, field);
    const key = formatDatasetUri(parsed);
    let opening = this.datasets.get(key);
    if (!opening) {
      opening = openDataset(parsed, { cache: this.cache, onSkip: this.options.onSkip }, this.options.syntheticRenderer, field);
      this.datasets.set(key, opening);
      opening.catch(() => this.datasets.delete(key));
    }
    return opening;
  }

  /** The datasets opened so far (those still opening are waited for; failed ones left out). */
  async list(): Promise<FaceDataset[]> {
    const settled = await Promise.allSettled(this.datasets.values());
    return settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  }

  get cachedBytes(): number {
    return this.cache.usedBytes;
  }

  /** Bytes the image cache can still take without evicting. */
  get cacheRoom(): number {
    return this.cache.budgetBytes - this.cache.usedBytes;
  }

  async close(): Promise<void> {
    const open = await this.list();
    this.datasets.clear();
    await Promise.all(open.map((dataset) => dataset.close()));
  }

  private checkRoots(uri: DatasetUri, field: string): void {
    const roots = this.options.roots;
    if (!roots || roots.length === 0 || uri.scheme === 'synthetic') return;
    const paths = uri.scheme === 'lfw' && uri.pairs ? [uri.path, uri.pairs] : [uri.path];
    for (const path of paths) {
      const inside = roots.some((root) => {
        const rel = relative(root, path);
        return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
      });
      if (!inside) throw new FacenasError('PERMISSION_DENIED', `${field}.path: ${path} is outside the served dataset roots (${roots.join(', ')})`);
    }
  }
}
