import { InvalidArgumentError } from '../common/errors/errors.js';
import { CHANNELS, type FaceDataset, type LabelledImage, type VerificationPair } from './face-dataset.js';
import { checkImageSize, MAX_BATCH_BYTES } from './request-limits.js';

export interface EvalSetRequest {
  /** 0 = the dataset's own size. */
  imageSize: number;
  /** Cap on verification pairs (0 = all); each fold keeps equal numbers of same and different pairs. */
  maxPairs: number;
  /** Identification over the first N training identities (0 = all); must match training's. */
  identities: number;
}

/** The evaluation set as sent: pairs, probes and gallery index into `images`, whose pixels follow in chunks. */
export interface EvalSetLayout {
  imageSize: number;
  channels: number;
  /** Dataset image ids, in the order their pixels are sent. */
  images: Int32Array;
  folds: number;
  pairs: VerificationPair[];
  probes: LabelledImage[];
  gallery: LabelledImage[];
}

/** Chunks of about this size when the client does not choose. */
export const DEFAULT_CHUNK_BYTES = 4 * 1024 * 1024;
const VERIFY_BATCH = 256;

/**
 * Picks the evaluation images for a request. Images that fail to decode are found
 * first (by decoding every image once; the cache keeps them for the chunks) and the
 * pairs, probes and gallery entries that need them are left out, since the header
 * that lists them goes out before any pixels.
 */
export async function planEvalSet(dataset: FaceDataset, request: EvalSetRequest): Promise<EvalSetLayout> {
  const imageSize = checkImageSize(request.imageSize, dataset.imageSize, 'image_size');
  const evaluation = dataset.evaluation;
  const classes = dataset.training?.classes ?? 0;
  if (!Number.isInteger(request.identities) || request.identities < 0 || request.identities > classes) {
    throw new InvalidArgumentError('identities', `must be an integer in [0, ${classes}] (the dataset's training identities; 0 = all), got ${request.identities}`);
  }
  let pairs = capPairs(evaluation.pairs, evaluation.folds, request.maxPairs);
  const inSubset = (entry: LabelledImage) => request.identities === 0 || entry.label < request.identities;
  let gallery = evaluation.gallery.filter(inSubset);
  let probes = evaluation.probes.filter(inSubset);

  if (dataset.mayFail) {
    const wanted = [...new Set([...pairs.flatMap((p) => [p.a, p.b]), ...probes.map((p) => p.image), ...gallery.map((g) => g.image)])];
    const failed = new Set<number>();
    for (let start = 0; start < wanted.length; start += VERIFY_BATCH) {
      const slice = wanted.slice(start, start + VERIFY_BATCH);
      (await dataset.loadImages(slice, imageSize)).forEach((pixels, k) => {
        if (!pixels) failed.add(slice[k]);
      });
    }
    pairs = pairs.filter((p) => !failed.has(p.a) && !failed.has(p.b));
    gallery = gallery.filter((g) => !failed.has(g.image));
    const galleryLabels = new Set(gallery.map((g) => g.label));
    probes = probes.filter((p) => !failed.has(p.image) && galleryLabels.has(p.label));
  }

  const index = new Map<number, number>();
  const images: number[] = [];
  const at = (image: number) => {
    let i = index.get(image);
    if (i === undefined) {
      i = images.length;
      index.set(image, i);
      images.push(image);
    }
    return i;
  };
  const layoutPairs = pairs.map((p) => ({ a: at(p.a), b: at(p.b), same: p.same, fold: p.fold }));
  const layoutProbes = probes.map((p) => ({ image: at(p.image), label: p.label }));
  const layoutGallery = gallery.map((g) => ({ image: at(g.image), label: g.label }));
  return {
    imageSize,
    channels: CHANNELS,
    images: Int32Array.from(images),
    folds: layoutPairs.length > 0 ? evaluation.folds : 0,
    pairs: layoutPairs,
    probes: layoutProbes,
    gallery: layoutGallery,
  };
}

/** Keeps the first q same and first q different pairs of each fold, q = ⌊maxPairs / (2 × folds)⌋. */
export function capPairs(pairs: readonly VerificationPair[], folds: number, maxPairs: number): VerificationPair[] {
  if (!Number.isInteger(maxPairs) || maxPairs < 0) throw new InvalidArgumentError('max_pairs', `must be a non-negative integer, got ${maxPairs}`);
  if (maxPairs === 0 || maxPairs >= pairs.length) return [...pairs];
  if (maxPairs < 2 * folds) throw new InvalidArgumentError('max_pairs', `must be 0 or at least ${2 * folds} (one same and one different pair in each of ${folds} folds), got ${maxPairs}`);
  const perKind = Math.floor(maxPairs / (2 * folds));
  const taken = new Map<string, number>();
  return pairs.filter((p) => {
    const key = `${p.fold}:${p.same}`;
    const n = taken.get(key) ?? 0;
    taken.set(key, n + 1);
    return n < perKind;
  });
}

export function chunkImageCount(requested: number, imageSize: number): number {
  const imageBytes = imageSize * imageSize * CHANNELS;
  const most = Math.max(1, Math.floor(MAX_BATCH_BYTES / imageBytes));
  if (!Number.isInteger(requested) || requested < 0 || requested > most) {
    throw new InvalidArgumentError('chunk_images', `must be an integer in [0, ${most}] at ${imageSize}x${imageSize} (0 = about 4 MiB per chunk), got ${requested}`);
  }
  return requested === 0 ? Math.max(1, Math.floor(DEFAULT_CHUNK_BYTES / imageBytes)) : requested;
}

/** The layout's pixels in chunks of `chunkImages`; each chunk's `offset` is its first image's index. */
export async function* evalSetChunks(dataset: FaceDataset, layout: EvalSetLayout, chunkImages: number): AsyncGenerator<{ offset: number; count: number; images: Uint8Array }> {
  const imageBytes = layout.imageSize * layout.imageSize * layout.channels;
  for (let offset = 0; offset < layout.images.length; offset += chunkImages) {
    const ids = Array.from(layout.images.subarray(offset, offset + chunkImages));
    const loaded = await dataset.loadImages(ids, layout.imageSize);
    const images = new Uint8Array(ids.length * imageBytes);
    // Every image decoded while planning; a zero image would only appear if a file changed since.
    loaded.forEach((pixels, k) => pixels && images.set(pixels, k * imageBytes));
    yield { offset, count: ids.length, images };
  }
}
