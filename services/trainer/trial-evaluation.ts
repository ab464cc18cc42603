import * as tf from '@tensorflow/tfjs';
import { FailedPreconditionError } from '../common/errors/errors.js';
import { pairDistances, type EmbeddingPair } from '../common/evaluation/pair-set.js';
import { top1Identification, type LabelledEmbedding } from '../common/evaluation/identification.js';
import { pixelEmbedding } from '../common/evaluation/pixel-baseline.js';
import { tarAtFar } from '../common/evaluation/tar-at-far.js';
import { verificationAccuracy } from '../common/evaluation/verification.js';
import type { Objective__Output } from '../common/generated/facenas/v1/Objective.js';
import { pixelsToInput } from '../common/model/input-pixels.js';
import type { EvalSet } from '../dataset/batch-source.js';
import { flipHorizontal } from '../dataset/flip.js';

// A trained child scored as the paper and InsightFace do: embeddings of held-out
// identities' pairs (10-fold verification, TAR@FAR=1e-3) and top-1 identification of
// held-out images of training identities against a one-image-per-identity gallery.

export interface EvaluationScores {
  verificationAccuracy: number;
  verificationStd: number;
  threshold: number;
  tarAtFar: number;
  far: number;
  /** NaN when the set has no probes. */
  top1: number;
}

export interface EvalEmbeddings {
  embeddings: Float32Array[];
  /** Embeddings of the mirrored images (InsightFace's flip test), when asked for. */
  flipped?: Float32Array[];
}

const EVAL_BATCH = 64;

/** The objective must have something to be measured on. */
export function checkEvalSetServes(evalSet: EvalSet, objective: Objective__Output, dataset: string): void {
  if (objective === 'OBJECTIVE_TOP1' && evalSet.probes.length === 0) {
    throw new FailedPreconditionError(`dataset ${dataset} has no identification probes (identities need at least 4 images): objective top1 cannot be measured`);
  }
  if (objective !== 'OBJECTIVE_TOP1' && evalSet.pairs.length === 0) {
    throw new FailedPreconditionError(`dataset ${dataset} has no verification pairs: use objective top1 or a dataset with evaluation identities`);
  }
}

/** Runs the model (inference mode) over the images the evaluation uses; `only` limits it to those indices. */
export function embedEvalSet(model: tf.LayersModel, evalSet: EvalSet, options: { flip: boolean; only?: ReadonlySet<number> }): EvalEmbeddings {
  const { imageSize: size, channels } = evalSet;
  const imageBytes = size * size * channels;
  const wanted = options.only ? [...options.only].sort((a, b) => a - b) : Array.from({ length: evalSet.count }, (_, i) => i);
  const embeddings: Float32Array[] = new Array(evalSet.count);
  const flipped: Float32Array[] | undefined = options.flip ? new Array(evalSet.count) : undefined;
  for (let start = 0; start < wanted.length; start += EVAL_BATCH) {
    const indices = wanted.slice(start, start + EVAL_BATCH);
    const pixels = new Uint8Array(indices.length * imageBytes);
    indices.forEach((image, k) => pixels.set(evalSet.images.subarray(image * imageBytes, (image + 1) * imageBytes), k * imageBytes));
    const run = (batch: Uint8Array): Float32Array[] => {
      const out = tf.tidy(() => model.predict(pixelsToInput(batch, indices.length, size, channels)) as tf.Tensor2D);
      const values = out.dataSync() as Float32Array;
      const dim = out.shape[1];
      out.dispose();
      return indices.map((_, k) => values.slice(k * dim, (k + 1) * dim));
    };
    run(pixels).forEach((e, k) => (embeddings[indices[k]] = e));
    if (flipped) {
      for (let k = 0; k < indices.length; k++) flipHorizontal(pixels.subarray(k * imageBytes, (k + 1) * imageBytes), size, channels);
      run(pixels).forEach((e, k) => (flipped[indices[k]] = e));
    }
  }
  return { embeddings, flipped };
}

/** Indices of the images the verification pairs use (evaluation after each epoch needs only those). */
export function pairImages(evalSet: EvalSet): Set<number> {
  const used = new Set<number>();
  for (const p of evalSet.pairs) {
    used.add(p.a);
    used.add(p.b);
  }
  return used;
}

export function verificationOnly(evalSet: EvalSet, e: EvalEmbeddings): number {
  return verificationAccuracy({ distances: pairDistances(embeddingPairs(evalSet, e)), same: evalSet.pairs.map((p) => p.same), folds: evalSet.pairs.map((p) => p.fold) }).accuracy;
}

export function scoreEmbeddings(evalSet: EvalSet, e: EvalEmbeddings): EvaluationScores {
  let verification = { accuracy: NaN, std: NaN, threshold: NaN };
  let tar = { tar: NaN, far: NaN };
  if (evalSet.pairs.length > 0) {
    const pairs = { distances: pairDistances(embeddingPairs(evalSet, e)), same: evalSet.pairs.map((p) => p.same), folds: evalSet.pairs.map((p) => p.fold) };
    verification = verificationAccuracy(pairs);
    tar = tarAtFar(pairs);
  }
  const labelled = (items: EvalSet['probes']): LabelledEmbedding[] =>
    items.map((item) => ({ embedding: combined(e, item.image), label: item.label }));
  const top1 = evalSet.probes.length > 0 && evalSet.gallery.length > 0 ? top1Identification(labelled(evalSet.probes), labelled(evalSet.gallery)) : NaN;
  return { verificationAccuracy: verification.accuracy, verificationStd: verification.std, threshold: verification.threshold, tarAtFar: tar.tar, far: tar.far, top1 };
}

/** The floor a network must clear: 10-fold verification with mean-centred raw pixels as embeddings. */
export function pixelBaselineAccuracy(evalSet: EvalSet): number {
  if (evalSet.pairs.length === 0) return NaN;
  const bytes = evalSet.imageSize * evalSet.imageSize * evalSet.channels;
  const cache = new Map<number, Float64Array>();
  const pixels = (i: number) => {
    let v = cache.get(i);
    if (!v) cache.set(i, (v = pixelEmbedding(evalSet.images.subarray(i * bytes, (i + 1) * bytes))));
    return v;
  };
  const distances = pairDistances(evalSet.pairs.map((p) => ({ a: pixels(p.a), b: pixels(p.b) })));
  return verificationAccuracy({ distances, same: evalSet.pairs.map((p) => p.same), folds: evalSet.pairs.map((p) => p.fold) }).accuracy;
}

function embeddingPairs(evalSet: EvalSet, e: EvalEmbeddings): EmbeddingPair[] {
  return evalSet.pairs.map((p) => ({ a: e.embeddings[p.a], b: e.embeddings[p.b], aFlipped: e.flipped?.[p.a], bFlipped: e.flipped?.[p.b] }));
}

/** Identification compares by cosine: the flip-added embedding, as verification uses. */
function combined(e: EvalEmbeddings, image: number): Float32Array {
  const base = e.embeddings[image];
  const flip = e.flipped?.[image];
  if (!flip) return base;
  return base.map((v, i) => v + flip[i]);
}
