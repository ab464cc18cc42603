import type { SyntheticParams } from '../dataset-uri.js';
import type { FaceDataset } from '../face-dataset.js';
import { resizeRgb } from '../formats/image-codec.js';
import { IndexedDataset, type DatasetRuntime } from '../indexed-dataset.js';
import { defaultPairsPerFold, drawVerificationPairs, splitTrainingIdentities, VERIFICATION_FOLDS } from '../splits.js';
import { EVAL_IDENTITY_BASE, MAX_SIZE, MIN_SIZE } from '../synthetic/synthetic-options.js';
import { consecutiveGroups } from './identity-groups.js';

export interface SyntheticFace {
  /** Generator identity: training identities are [0, N), evaluation ones EVAL_IDENTITY_BASE + i. */
  identity: number;
  index: number;
}

/** Renders synthetic faces of one dataset (seed, strength, spread fixed) at a given size. */
export interface SyntheticRenderer {
  render(faces: readonly SyntheticFace[], size: number): Promise<Uint8Array[]>;
  close(): Promise<void>;
}

export type SyntheticRendererFactory = (params: SyntheticParams) => SyntheticRenderer;

/** Sizes the generator draws natively; other requested sizes are drawn at the dataset's size and resized. */
export function renderableSize(size: number): boolean {
  return Number.isInteger(size) && size >= MIN_SIZE && size <= MAX_SIZE && size % 8 === 0;
}

/**
 * The synthetic face set: training identities [0, identities) with `images` each
 * (image id = identity × images + index), then `eval_identities` evaluation identities
 * (generator identities EVAL_IDENTITY_BASE + e) with `eval_images` each, used only in
 * verification pairs drawn from the seed.
 */
export function openSyntheticDataset(uri: string, params: SyntheticParams, renderer: SyntheticRenderer, runtime: DatasetRuntime): FaceDataset {
  const counts = [...new Array<number>(params.identities).fill(params.images), ...new Array<number>(params.evalIdentities).fill(params.evalImages)];
  const { groups, imageIdentity } = consecutiveGroups(counts);
  const { training, probes, gallery } = splitTrainingIdentities(groups.slice(0, params.identities));
  const evalGroups = groups.slice(params.identities);
  const pairs = drawVerificationPairs(evalGroups, params.seed, defaultPairsPerFold(params.evalIdentities * params.evalImages));
  const trainImages = params.identities * params.images;
  const face = (image: number): SyntheticFace =>
    image < trainImages
      ? { identity: Math.floor(image / params.images), index: image % params.images }
      : { identity: EVAL_IDENTITY_BASE + Math.floor((image - trainImages) / params.evalImages), index: (image - trainImages) % params.evalImages };
  const renderMany = async (images: readonly number[], size: number): Promise<Uint8Array[]> => {
    if (renderableSize(size)) return renderer.render(images.map(face), size);
    const drawn = await renderer.render(images.map(face), params.size);
    return Promise.all(drawn.map((pixels) => resizeRgb(pixels, params.size, size)));
  };
  // Names sort like the identities' order ("id_0…" before "id_eval_…"), so an exported folder reads back in the same order.
  return new IndexedDataset(
    {
      uri,
      format: 'synthetic',
      imageSize: params.size,
      imageCount: counts.length === 0 ? 0 : imageIdentity.length,
      identityCount: counts.length,
      identityName: (identity) =>
        identity < params.identities ? `id_${String(identity).padStart(7, '0')}` : `id_eval_${String(identity - params.identities).padStart(7, '0')}`,
      imageIdentity,
      training,
      evaluation: { pairs, folds: pairs.length > 0 ? VERIFICATION_FOLDS : 0, probes, gallery },
      pixels: {
        mayFail: false,
        load: async (image, size) => (await renderMany([image], size))[0],
        loadMany: renderMany,
        where: (image) => {
          const { identity, index } = face(image);
          return `synthetic identity ${identity} image ${index}`;
        },
        close: () => renderer.close(),
      },
      skippedAtOpen: [],
    },
    runtime,
  );
}
