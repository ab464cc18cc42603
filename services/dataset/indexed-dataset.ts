import { mapWithConcurrency } from './concurrency.js';
import {
  CHANNELS,
  type DatasetFormat,
  type DatasetSummary,
  type EvaluationIndex,
  type FaceDataset,
  type TrainingIndex,
} from './face-dataset.js';
import type { SkippedImage } from './formats/skipped-image.js';
import type { ImageCache } from './image-cache.js';

/** Where a source's pixels come from: decoded files or records, or rendered faces. */
export interface PixelSource {
  /** size×size RGB HWC; throws when the image is unusable (the dataset then skips it). */
  load(image: number, size: number): Promise<Uint8Array>;
  /** Batch form for sources that are faster in batches (the synthetic render pool). */
  loadMany?(images: readonly number[], size: number): Promise<Uint8Array[]>;
  /** The file path or record an image comes from, for skip reports. */
  where(image: number): string;
  /** Whether load can fail (files can; rendering cannot). */
  readonly mayFail: boolean;
  close(): Promise<void>;
}

export interface DatasetParts {
  uri: string;
  format: DatasetFormat;
  imageSize: number;
  imageCount: number;
  identityCount: number;
  identityName: (identity: number) => string;
  /** Identity of each image (-1 unknown); length imageCount. */
  imageIdentity: Int32Array | null;
  training: TrainingIndex | null;
  evaluation: EvaluationIndex;
  pixels: PixelSource;
  /** Left out while opening (files that are not images). */
  skippedAtOpen: SkippedImage[];
}

export interface DatasetRuntime {
  cache: ImageCache | null;
  /** Called once per newly skipped image (the service counts them in a metric). */
  onSkip?: (format: DatasetFormat, skipped: SkippedImage) => void;
  /** Decodes in flight per loadImages call. */
  concurrency?: number;
}

/** Most skipped entries a description lists (the count is always exact). */
const LISTED_SKIPS = 1000;

/** A FaceDataset from its index and pixel source, with a shared image cache and skip tracking. */
export class IndexedDataset implements FaceDataset {
  readonly uri: string;
  readonly format: DatasetFormat;
  readonly imageSize: number;
  readonly imageCount: number;
  readonly identityCount: number;
  readonly training: TrainingIndex | null;
  readonly evaluation: EvaluationIndex;
  readonly mayFail: boolean;
  private readonly skipped = new Map<string, SkippedImage>();
  private readonly failedImages = new Set<number>();
  private readonly cachePrefix: string;

  constructor(
    private readonly parts: DatasetParts,
    private readonly runtime: DatasetRuntime,
  ) {
    this.uri = parts.uri;
    this.format = parts.format;
    this.imageSize = parts.imageSize;
    this.imageCount = parts.imageCount;
    this.identityCount = parts.identityCount;
    this.training = parts.training;
    this.evaluation = parts.evaluation;
    this.mayFail = parts.pixels.mayFail;
    this.cachePrefix = `${parts.uri}#`;
    for (const skip of parts.skippedAtOpen) this.recordSkip(skip);
  }

  identityOf(image: number): number {
    return this.parts.imageIdentity ? this.parts.imageIdentity[image] : -1;
  }

  identityName(identity: number): string {
    if (!Number.isInteger(identity) || identity < 0 || identity >= this.identityCount) throw new RangeError(`identity ${identity} outside [0, ${this.identityCount})`);
    return this.parts.identityName(identity);
  }

  describe(): DatasetSummary {
    const training = this.training;
    return {
      uri: this.uri,
      format: this.format,
      identities: this.identityCount,
      images: this.imageCount,
      pairs: this.evaluation.pairs.length,
      folds: this.evaluation.folds,
      imageSize: this.imageSize,
      channels: CHANNELS,
      skipped: [...this.skipped.values()].slice(0, LISTED_SKIPS),
      skippedCount: this.skipped.size,
      trainIdentities: training?.classes ?? 0,
      trainImages: training?.images.length ?? 0,
      evalIdentities: this.identityCount - (training?.classes ?? 0),
      probes: this.evaluation.probes.length,
      gallery: this.evaluation.gallery.length,
    };
  }

  async loadImage(image: number, size: number): Promise<Uint8Array | null> {
    return (await this.loadImages([image], size))[0];
  }

  async loadImages(images: readonly number[], size: number): Promise<(Uint8Array | null)[]> {
    const out: (Uint8Array | null)[] = new Array(images.length).fill(null);
    const missing: number[] = [];
    images.forEach((image, i) => {
      if (!Number.isInteger(image) || image < 0 || image >= this.imageCount) throw new RangeError(`image ${image} outside [0, ${this.imageCount})`);
      if (this.failedImages.has(image)) return;
      const hit = this.runtime.cache?.get(this.cacheKey(image, size));
      if (hit) out[i] = hit;
      else missing.push(i);
    });
    if (missing.length === 0) return out;
    const pixels = this.parts.pixels;
    if (pixels.loadMany && !pixels.mayFail) {
      const loaded = await pixels.loadMany(
        missing.map((i) => images[i]),
        size,
      );
      missing.forEach((i, k) => this.store(images[i], size, (out[i] = loaded[k])));
      return out;
    }
    await mapWithConcurrency(missing, this.runtime.concurrency ?? 8, async (i) => {
      try {
        const loaded = await pixels.load(images[i], size);
        this.store(images[i], size, loaded);
        out[i] = loaded;
      } catch (err) {
        this.failedImages.add(images[i]);
        this.recordSkip({ path: pixels.where(images[i]), reason: err instanceof Error ? err.message.split('\n')[0] : String(err) });
      }
    });
    return out;
  }

  async close(): Promise<void> {
    this.runtime.cache?.dropPrefix(this.cachePrefix);
    await this.parts.pixels.close();
  }

  private cacheKey(image: number, size: number): string {
    return `${this.cachePrefix}${image}@${size}`;
  }

  private store(image: number, size: number, pixels: Uint8Array): void {
    this.runtime.cache?.set(this.cacheKey(image, size), pixels);
  }

  private recordSkip(skip: SkippedImage): void {
    if (this.skipped.has(skip.path)) return;
    this.skipped.set(skip.path, skip);
    this.runtime.onSkip?.(this.format, skip);
  }
}
