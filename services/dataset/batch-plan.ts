import { hashSeed, Rng } from '../common/random/rng.js';
import type { TrainingIndex } from './face-dataset.js';

// Which images make up each batch of an epoch. Everything depends only on
// (seed, epoch) and the request, never on what was streamed before, so a trial that
// resumes at epoch k gets exactly the batches it would have had.

export interface PlanOptions {
  batchSize: number;
  /** Train on the first N labels only (0 = all); labels are already 0..N-1. */
  identities: number;
  seed: number;
  dropLast: boolean;
  flip: boolean;
}

export interface EpochPlan {
  /** Positions into the training index, in streaming order. */
  order: Int32Array;
  /** 1 where the image is mirrored. */
  flips: Uint8Array;
  batches: number;
  classes: number;
}

const FLIP_STREAM = 0x666c6970;

/** Training positions of the first `identities` labels (all when 0); labels are grouped so it is a prefix. */
export function subsetSize(training: TrainingIndex, identities: number): number {
  return identities === 0 ? training.images.length : training.classStart[identities];
}

export function batchesPerEpoch(examples: number, batchSize: number, dropLast: boolean): number {
  return dropLast ? Math.floor(examples / batchSize) : Math.ceil(examples / batchSize);
}

export function planEpoch(training: TrainingIndex, options: PlanOptions, epoch: number): EpochPlan {
  const count = subsetSize(training, options.identities);
  const order = new Int32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  const rng = new Rng(hashSeed(options.seed, epoch));
  for (let i = count - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  const flips = new Uint8Array(count);
  if (options.flip) {
    const flipRng = new Rng(hashSeed(options.seed, epoch, FLIP_STREAM));
    for (let i = 0; i < count; i++) flips[i] = flipRng.next() < 0.5 ? 1 : 0;
  }
  return {
    order,
    flips,
    batches: batchesPerEpoch(count, options.batchSize, options.dropLast),
    classes: options.identities === 0 ? training.classes : options.identities,
  };
}
