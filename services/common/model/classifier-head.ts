// The training-only classifier on top of the embedding: plain softmax, ArcFace or
// CosFace. It is a separate weight matrix, not part of the embedding model, so exporting
// a trained network simply leaves it behind.

import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError } from '../errors/errors.js';
import { Rng } from '../random/rng.js';
import { randomSeed } from './weight-init.js';

export type ClassifierKind = 'softmax' | 'arcface' | 'cosface';
export const CLASSIFIER_KINDS: readonly ClassifierKind[] = ['softmax', 'arcface', 'cosface'];

export interface ClassifierHeadOptions {
  seed?: number;
  /** Logit scale s (ArcFace/CosFace); default 64. */
  scale?: number;
  /** Margin m: default 0.5 (ArcFace, radians) or 0.35 (CosFace). */
  margin?: number;
  /** ArcFace easy margin: apply the margin only where cos θ > 0 (default: the threshold fallback). */
  easyMargin?: boolean;
}

export interface ClassifierHead {
  readonly kind: ClassifierKind;
  readonly embeddingDim: number;
  readonly numClasses: number;
  readonly scale: number;
  readonly margin: number;
  /** [embeddingDim, numClasses], no bias; for ArcFace/CosFace its columns are L2-normalised in use. */
  readonly weight: tf.Variable<tf.Rank.R2>;
  readonly trainableWeights: tf.Variable[];
  /**
   * Logits for softmax cross-entropy: e·W (softmax), s·cos(θ + m) (ArcFace) or s·(cos θ − m)
   * (CosFace) at each row's label, s·cos θ elsewhere.
   */
  logits(embedding: tf.Tensor2D, labels: tf.Tensor1D | Int32Array): tf.Tensor2D;
  dispose(): void;
}

/** x / ‖x‖ along `axis`; the epsilon keeps a zero vector's gradient finite. */
function l2Normalize<T extends tf.Tensor>(x: T, axis: number): T {
  return tf.mul(x, tf.rsqrt(tf.add(tf.sum(tf.square(x), axis, true), 1e-12))) as T;
}

/**
 * ArcFace's target logit cos(θ + m) from cos θ, as in InsightFace: when θ + m would pass
 * π (cos θ ≤ cos(π − m)), cos(θ + m) is no longer decreasing in θ, so it falls back to
 * cos θ − m·sin(m) (or, with easy margin, applies no margin where cos θ ≤ 0).
 * The branch is a `step` mask rather than `where(greater(...))`: tfjs has no gradient for
 * Greater (Select asks for one), and Greater/Select are slow paths on wasm.
 */
export function arcFaceTarget(cosTarget: tf.Tensor1D, margin: number, easyMargin: boolean): tf.Tensor1D {
  // The floor keeps sqrt's gradient finite at θ = 0 or π; it moves cos(θ + m) by < 1e-6.
  const sin = tf.sqrt(tf.clipByValue(tf.sub(1, tf.square(cosTarget)), 1e-12, 1));
  const withMargin = tf.sub(tf.mul(cosTarget, Math.cos(margin)), tf.mul(sin, Math.sin(margin)));
  const threshold = easyMargin ? 0 : Math.cos(Math.PI - margin);
  const fallback = easyMargin ? cosTarget : tf.sub(cosTarget, Math.sin(Math.PI - margin) * margin);
  const useMargin = tf.step(tf.sub(cosTarget, threshold));
  return tf.add(fallback, tf.mul(useMargin, tf.sub(withMargin, fallback))) as tf.Tensor1D;
}

export function buildClassifierHead(
  embeddingDim: number,
  numClasses: number,
  kind: ClassifierKind,
  options: ClassifierHeadOptions = {},
): ClassifierHead {
  if (!Number.isInteger(embeddingDim) || embeddingDim < 1) throw new InvalidArgumentError('embeddingDim', `must be a positive integer, got ${embeddingDim}`);
  if (!Number.isInteger(numClasses) || numClasses < 2) throw new InvalidArgumentError('numClasses', `must be an integer ≥ 2, got ${numClasses}`);
  if (!CLASSIFIER_KINDS.includes(kind)) throw new InvalidArgumentError('kind', `must be one of ${CLASSIFIER_KINDS.join(', ')}, got ${JSON.stringify(kind)}`);
  const scale = options.scale ?? 64;
  const margin = options.margin ?? (kind === 'arcface' ? 0.5 : kind === 'cosface' ? 0.35 : 0);
  const easyMargin = options.easyMargin ?? false;
  // InsightFace initialises the class centres with N(0, 0.01).
  const rng = new Rng(options.seed ?? randomSeed());
  const init = new Float32Array(embeddingDim * numClasses);
  for (let i = 0; i < init.length; i++) init[i] = 0.01 * rng.normal();
  const weight = tf.variable(tf.tensor2d(init, [embeddingDim, numClasses]), true);

  const logits = (embedding: tf.Tensor2D, labels: tf.Tensor1D | Int32Array): tf.Tensor2D =>
    tf.tidy(() => {
      if (kind === 'softmax') return tf.matMul(embedding, weight);
      const cos = tf.matMul(l2Normalize(embedding, 1), l2Normalize(weight, 0));
      const labelTensor = labels instanceof Int32Array ? tf.tensor1d(labels, 'int32') : tf.cast(labels, 'int32');
      const oneHot = tf.cast(tf.oneHot(labelTensor as tf.Tensor1D, numClasses), 'float32');
      const cosTarget = tf.sum(tf.mul(cos, oneHot), 1) as tf.Tensor1D;
      const target = kind === 'arcface' ? arcFaceTarget(cosTarget, margin, easyMargin) : tf.sub(cosTarget, margin);
      // Only the label column changes: cos + onehot · (target − cos θ_label).
      const adjusted = tf.add(cos, tf.mul(oneHot, tf.expandDims(tf.sub(target, cosTarget), 1)));
      return tf.mul(adjusted, scale) as tf.Tensor2D;
    });

  return {
    kind,
    embeddingDim,
    numClasses,
    scale,
    margin,
    weight,
    trainableWeights: [weight],
    logits,
    dispose: () => weight.dispose(),
  };
}
