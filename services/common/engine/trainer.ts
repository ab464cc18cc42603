import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError } from '../errors/errors.js';
import { SgdMomentum } from './sgd-momentum.js';
import { countCorrect, softmaxCrossEntropy } from './softmax-cross-entropy.js';

/** Maps embeddings to logits; margin heads (ArcFace/CosFace) need the labels. */
export type HeadFn = (embedding: tf.Tensor2D, labels: tf.Tensor1D) => tf.Tensor2D;

/** A head that carries its variables, e.g. model/classifier-head.ts's ClassifierHead. */
export interface HeadModule {
  logits(embedding: tf.Tensor2D, labels: tf.Tensor1D): tf.Tensor2D;
  readonly trainableWeights: readonly tf.Variable[];
}

export interface TrainerOptions {
  /** image [B, H, W, 3] → embedding [B, D]; called with training: true (BatchNorm uses batch statistics). */
  model: tf.LayersModel;
  head: HeadFn | HeadModule;
  /** A HeadFn's trainable variables (a HeadModule brings its own); rank ≥ 2 ones get weight decay. */
  headVariables?: readonly tf.Variable[];
  learningRate: number;
  momentum?: number;
  weightDecay?: number;
  /**
   * Split each batch into micro-batches of this size and accumulate their
   * gradients, so activations of one micro-batch at a time live on the heap.
   * BatchNorm then normalises with each micro-batch's own statistics (as
   * data-parallel training without sync-BN does) and its moving averages get
   * one update per micro-batch. Default: the whole batch.
   */
  microBatch?: number;
  /**
   * Rescale the batch gradient to at most this global L2 norm before the update
   * (PyTorch's clip_grad_norm_). Default: no clipping.
   */
  clipNorm?: number;
}

export interface StepResult {
  loss: number;
  /** Top-1 accuracy of the head's logits on this batch (margin heads include their margin). */
  accuracy: number;
}

export interface Trainer {
  step(x: tf.Tensor4D, labels: Int32Array): StepResult;
  setLearningRate(lr: number): void;
  readonly learningRate: number;
  /** Every variable the trainer updates, model first. */
  readonly variables: readonly tf.Variable[];
  dispose(): void;
}

/** Weight decay goes on conv and dense kernels only, never on BatchNorm or PReLU parameters or biases. */
export function isDecayedModelWeight(name: string): boolean {
  return /kernel(_\d+)?$/.test(name);
}

export function createTrainer(options: TrainerOptions): Trainer {
  const { model } = options;
  const headModule = typeof options.head === 'function' ? undefined : options.head;
  const head: HeadFn = headModule === undefined ? (options.head as HeadFn) : (e, labels) => headModule.logits(e, labels);
  if (!(options.learningRate > 0)) throw new InvalidArgumentError('learningRate', 'must be > 0');
  const microBatch = options.microBatch;
  if (microBatch !== undefined && !(Number.isInteger(microBatch) && microBatch >= 1)) {
    throw new InvalidArgumentError('microBatch', 'must be a positive integer');
  }
  const clipNorm = options.clipNorm;
  if (clipNorm !== undefined && !(clipNorm > 0)) throw new InvalidArgumentError('clipNorm', 'must be > 0');
  const modelVariables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const decayed = new Set<tf.Variable>();
  model.trainableWeights.forEach((w, i) => {
    if (isDecayedModelWeight(w.originalName ?? w.name)) decayed.add(modelVariables[i]);
  });
  const headVariables = [...(headModule?.trainableWeights ?? options.headVariables ?? [])];
  for (const v of headVariables) if (v.rank >= 2) decayed.add(v);
  const variables = [...modelVariables, ...headVariables];
  const optimizer = new SgdMomentum(
    { learningRate: options.learningRate, momentum: options.momentum ?? 0.9, weightDecay: options.weightDecay ?? 5e-4 },
    decayed,
  );

  function step(x: tf.Tensor4D, labels: Int32Array): StepResult {
    const batch = x.shape[0];
    if (labels.length !== batch) throw new InvalidArgumentError('labels', `has ${labels.length} entries for a batch of ${batch}`);
    const chunk = Math.min(microBatch ?? batch, batch);
    const sums = new Map<tf.Variable, tf.Tensor>();
    let loss = 0;
    let correct = 0;
    for (let start = 0; start < batch; start += chunk) {
      const size = Math.min(chunk, batch - start);
      const result = tf.tidy(() => {
        const xs = size === batch ? x : tf.slice(x, [start, 0, 0, 0], [size, -1, -1, -1]);
        const ys = tf.tensor1d(labels.subarray(start, start + size), 'int32');
        let hits: tf.Scalar | undefined;
        const { value, grads } = tf.variableGrads(() => {
          const embedding = model.apply(xs, { training: true }) as tf.Tensor2D;
          const logits = head(embedding, ys);
          hits = tf.keep(countCorrect(logits, ys));
          // Each micro-batch's mean loss weighted by its share, so the sum is the batch mean.
          return tf.mul(softmaxCrossEntropy(logits, ys), tf.scalar(size / batch)) as tf.Scalar;
        }, variables);
        return { value, grads, hits: hits as tf.Scalar };
      });
      loss += result.value.dataSync()[0];
      correct += result.hits.dataSync()[0];
      result.value.dispose();
      result.hits.dispose();
      variables.forEach((v) => {
        const g = result.grads[v.name];
        const previous = sums.get(v);
        if (previous === undefined) {
          sums.set(v, g);
        } else {
          sums.set(v, tf.add(previous, g));
          previous.dispose();
          g.dispose();
        }
      });
    }
    if (clipNorm !== undefined) clipGlobalNorm(sums, clipNorm);
    optimizer.apply(sums);
    for (const g of sums.values()) g.dispose();
    return { loss, accuracy: correct / batch };
  }

  return {
    step,
    setLearningRate: (lr) => {
      if (!(lr > 0)) throw new InvalidArgumentError('learningRate', 'must be > 0');
      optimizer.setLearningRate(lr);
    },
    get learningRate() {
      return optimizer.learningRate;
    },
    variables,
    dispose: () => optimizer.dispose(),
  };
}

/** Scales every gradient by min(1, maxNorm / ‖g‖₂) over all of them together, in place of the originals. */
export function clipGlobalNorm(gradients: Map<tf.Variable, tf.Tensor>, maxNorm: number): void {
  const scaled = tf.tidy(() => {
    const squares = [...gradients.values()].map((g) => tf.sum(tf.square(g)));
    const norm = tf.sqrt(tf.addN(squares));
    // No sync with the host: the factor stays a tensor, 1 when the norm is under the bound.
    const factor = tf.minimum(tf.scalar(1), tf.div(tf.scalar(maxNorm), tf.maximum(norm, tf.scalar(1e-12))));
    return [...gradients].map(([v, g]) => [v, tf.mul(g, factor)] as const);
  });
  for (const [v, g] of scaled) {
    gradients.get(v)!.dispose();
    gradients.set(v, g);
  }
}
