import type { SkippedImage } from './formats/skipped-image.js';

// The one interface every dataset source implements. Images are addressed by an id in
// [0, imageCount); identities by an index in [0, identityCount), where the training
// identities come first: training label c is identity c.
//
// Splits (decided here, the same for every consumer):
// - training: the training identities' images minus the identification hold-out.
// - identification: of each training identity with at least 4 images, the last 3 are
//   held out of training: the first of them is the gallery image, the other two probes.
// - verification: pairs in folds, half same / half different per fold. Synthetic,
//   folder and rec sets draw them (seeded) from evaluation identities that are never
//   trained on; LFW takes them from pairs.txt (and trains on every identity, since LFW
//   is an evaluation set, so its training use is only a smoke test); a bin holds
//   only pairs.

export type DatasetFormat = 'synthetic' | 'lfw' | 'folder' | 'rec' | 'bin';

export const CHANNELS = 3;

export interface LabelledImage {
  image: number;
  /** Training label (= identity index) of the image. */
  label: number;
}

export interface VerificationPair {
  a: number;
  b: number;
  same: boolean;
  fold: number;
}

export interface TrainingIndex {
  /** Training image ids, grouped by label in label order. */
  images: Int32Array;
  labels: Int32Array;
  classes: number;
  /** Label c's images are images[classStart[c] .. classStart[c + 1]). */
  classStart: Int32Array;
}

export interface EvaluationIndex {
  pairs: VerificationPair[];
  /** 0 when there are no pairs. */
  folds: number;
  probes: LabelledImage[];
  gallery: LabelledImage[];
}

export interface DatasetSummary {
  uri: string;
  format: DatasetFormat;
  identities: number;
  images: number;
  pairs: number;
  folds: number;
  imageSize: number;
  channels: number;
  /** Images left out so far (at open, or when they failed to decode), with reasons. */
  skipped: SkippedImage[];
  skippedCount: number;
  trainIdentities: number;
  trainImages: number;
  evalIdentities: number;
  probes: number;
  gallery: number;
}

export interface FaceDataset {
  /** Canonical URI (every parameter spelled out, absolute paths). */
  readonly uri: string;
  readonly format: DatasetFormat;
  /** Side of the square images served when no size is asked for. */
  readonly imageSize: number;
  readonly imageCount: number;
  readonly identityCount: number;
  /** null for evaluation-only sets (verification bins). */
  readonly training: TrainingIndex | null;
  readonly evaluation: EvaluationIndex;
  /** Identity of an image, or -1 when the source does not know it (bins). */
  identityOf(image: number): number;
  identityName(identity: number): string;
  describe(): DatasetSummary;
  /**
   * size×size RGB uint8 HWC, or null when the image cannot be decoded (it is then
   * listed as skipped). The array may be shared with the image cache: copy before changing it.
   */
  loadImage(image: number, size: number): Promise<Uint8Array | null>;
  /** Several images at once (in order); sources that render in batches do it faster. */
  loadImages(images: readonly number[], size: number): Promise<(Uint8Array | null)[]>;
  /** Whether loadImage can return null (files can be corrupt; rendered faces cannot). */
  readonly mayFail: boolean;
  close(): Promise<void>;
}
