import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../random/rng.js';
import { initEngine } from './engine.js';
import { SgdMomentum } from './sgd-momentum.js';
import { softmaxCrossEntropy } from './softmax-cross-entropy.js';
import { clipGlobalNorm, createTrainer, isDecayedModelWeight } from './trainer.js';

beforeAll(async () => {
  await initEngine({ backend: 'wasm', threads: 2 });
});

function tinyNet(withBatchNorm: boolean, seed: number): tf.LayersModel {
  const init = (s: number) => tf.initializers.glorotUniform({ seed: seed + s });
  const input = tf.input({ shape: [12, 12, 3] });
  let x = tf.layers.conv2d({ filters: 8, kernelSize: 3, strides: 2, padding: 'same', useBias: !withBatchNorm, kernelInitializer: init(1) }).apply(input) as tf.SymbolicTensor;
  if (withBatchNorm) x = tf.layers.batchNormalization().apply(x) as tf.SymbolicTensor;
  x = tf.layers.prelu({ sharedAxes: [1, 2] }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.depthwiseConv2d({ kernelSize: 3, strides: 2, padding: 'same', depthwiseInitializer: init(2) }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.globalAveragePooling2d({}).apply(x) as tf.SymbolicTensor;
  const out = tf.layers.dense({ units: 6, kernelInitializer: init(3) }).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out });
}

function head(dim: number, classes: number) {
  const w = tf.variable(tf.randomNormal([dim, classes], 0, 0.5, 'float32', 3));
  return { variables: [w], fn: (e: tf.Tensor2D) => tf.matMul(e, w) as tf.Tensor2D };
}

function batch(rng: Rng, n: number, classes: number): { x: tf.Tensor4D; labels: Int32Array } {
  const labels = Int32Array.from({ length: n }, (_, i) => i % classes);
  // Class-dependent mean so the task is learnable.
  const values = new Float32Array(n * 12 * 12 * 3);
  for (let i = 0; i < values.length; i++) values[i] = rng.normal() * 0.5 + (labels[Math.floor(i / 432)] - classes / 2) * 0.4;
  return { x: tf.tensor4d(values, [n, 12, 12, 3]), labels };
}

describe('createTrainer', () => {
  it('trains a tiny net on wasm: the loss goes down', () => {
    const model = tinyNet(true, 10);
    const h = head(6, 4);
    const trainer = createTrainer({ model, head: h.fn, headVariables: h.variables, learningRate: 0.05 });
    const { x, labels } = batch(new Rng(5), 16, 4);
    const losses: number[] = [];
    for (let i = 0; i < 12; i++) losses.push(trainer.step(x, labels).loss);
    expect(losses[0]).toBeGreaterThan(1.0);
    expect(losses[11]).toBeLessThan(0.7 * losses[0]);
    expect(tf.memory().numTensors).toBeLessThan(200); // no per-step leak
    trainer.dispose();
  });

  it('micro-batches accumulate to the full-batch update (no BatchNorm, so statistics do not differ)', () => {
    const { x, labels } = batch(new Rng(6), 8, 4);
    const run = (microBatch: number | undefined) => {
      const model = tinyNet(false, 20);
      const h = head(6, 4);
      const trainer = createTrainer({ model, head: h.fn, headVariables: h.variables, learningRate: 0.1, microBatch });
      const first = trainer.step(x, labels);
      trainer.step(x, labels);
      return { first, weights: trainer.variables.map((v) => Array.from(v.dataSync())) };
    };
    const whole = run(undefined);
    const split = run(3); // 3 + 3 + 2: unequal chunks are weighted by size
    expect(split.first.loss).toBeCloseTo(whole.first.loss, 5);
    expect(split.first.accuracy).toBe(whole.first.accuracy);
    whole.weights.forEach((w, i) => w.forEach((v, j) => expect(split.weights[i][j]).toBeCloseTo(v, 5)));
  });

  it('rejects a labels array of the wrong length and bad settings', () => {
    const model = tinyNet(false, 30);
    const h = head(6, 4);
    expect(() => createTrainer({ model, head: h.fn, learningRate: 0 })).toThrow(/learningRate/);
    expect(() => createTrainer({ model, head: h.fn, learningRate: 0.1, microBatch: 0 })).toThrow(/microBatch/);
    expect(() => createTrainer({ model, head: h.fn, learningRate: 0.1, clipNorm: 0 })).toThrow(/clipNorm/);
    const trainer = createTrainer({ model, head: h.fn, headVariables: h.variables, learningRate: 0.1 });
    const { x } = batch(new Rng(7), 4, 4);
    expect(() => trainer.step(x, new Int32Array(3))).toThrow(/labels/);
  });
});

describe('clipGlobalNorm', () => {
  it('scales all gradients together to the bound, and leaves them alone under it', () => {
    const a = tf.variable(tf.zeros([2]));
    const b = tf.variable(tf.zeros([1]));
    // ‖(3, 0, 4)‖ = 5: clipped to 2.5 every entry halves; to 10 nothing changes.
    const grads = (): Map<tf.Variable, tf.Tensor> => new Map<tf.Variable, tf.Tensor>([[a, tf.tensor1d([3, 0])], [b, tf.tensor1d([4])]]);
    const clipped = grads();
    clipGlobalNorm(clipped, 2.5);
    expect(Array.from(clipped.get(a)!.dataSync())).toEqual([1.5, 0]);
    expect(Array.from(clipped.get(b)!.dataSync())).toEqual([2]);
    const kept = grads();
    clipGlobalNorm(kept, 10);
    expect(Array.from(kept.get(a)!.dataSync())).toEqual([3, 0]);
    expect(Array.from(kept.get(b)!.dataSync())).toEqual([4]);
  });

  it('a clipped trainer takes a step of the bounded length (SGD, no momentum or decay)', () => {
    const { x, labels } = batch(new Rng(8), 8, 4);
    const run = (clipNorm: number | undefined) => {
      const model = tinyNet(false, 40);
      const h = head(6, 4);
      const trainer = createTrainer({ model, head: h.fn, headVariables: h.variables, learningRate: 1, momentum: 0, weightDecay: 0, clipNorm });
      const before = trainer.variables.map((v) => Array.from(v.dataSync()));
      trainer.step(x, labels);
      const after = trainer.variables.map((v) => Array.from(v.dataSync()));
      return Math.sqrt(before.reduce((sum, w, i) => sum + w.reduce((s, v, j) => s + (after[i][j] - v) ** 2, 0), 0));
    };
    const free = run(undefined);
    expect(free).toBeGreaterThan(0.1);
    expect(run(0.1)).toBeCloseTo(0.1, 4);
    expect(run(free * 2)).toBeCloseTo(free, 5);
  });
});

describe('weight decay selection', () => {
  it('decays conv, depthwise and dense kernels only', () => {
    expect(isDecayedModelWeight('conv2d_1/kernel')).toBe(true);
    expect(isDecayedModelWeight('depthwise_conv2d_3/depthwise_kernel')).toBe(true);
    expect(isDecayedModelWeight('dense_2/kernel')).toBe(true);
    expect(isDecayedModelWeight('batch_normalization_1/gamma')).toBe(false);
    expect(isDecayedModelWeight('p_re_lu_1/alpha')).toBe(false);
    expect(isDecayedModelWeight('dense_2/bias')).toBe(false);
  });
});

describe('SgdMomentum', () => {
  it('follows v ← μv + g + λw, w ← w − lr·v (worked by hand)', () => {
    const decayed = tf.variable(tf.tensor1d([1]));
    const plain = tf.variable(tf.tensor1d([1]));
    const sgd = new SgdMomentum({ learningRate: 0.1, momentum: 0.9, weightDecay: 0.1 }, new Set([decayed]));
    const g = tf.tensor1d([0.5]);
    const grads = new Map([[decayed, g], [plain, g]]);
    sgd.apply(grads); // decayed: v = 0.6, w = 0.94; plain: v = 0.5, w = 0.95
    expect(decayed.dataSync()[0]).toBeCloseTo(0.94, 6);
    expect(plain.dataSync()[0]).toBeCloseTo(0.95, 6);
    sgd.apply(grads); // decayed: v = 0.54 + 0.594 = 1.134, w = 0.8266; plain: v = 0.95, w = 0.855
    expect(decayed.dataSync()[0]).toBeCloseTo(0.8266, 5);
    expect(plain.dataSync()[0]).toBeCloseTo(0.855, 5);
  });
});

describe('softmaxCrossEntropy', () => {
  it('matches −log softmax at the label and its gradient is (p − onehot)/B', () => {
    const logits = tf.tensor2d([[1, 2, 3], [0, 0, 0]]);
    const labels = tf.tensor1d([2, 0], 'int32');
    const p = [Math.exp(3) / (Math.exp(1) + Math.exp(2) + Math.exp(3)), 1 / 3];
    const expected = -(Math.log(p[0]) + Math.log(p[1])) / 2;
    expect(softmaxCrossEntropy(logits, labels).dataSync()[0]).toBeCloseTo(expected, 5);
    const grad = tf.grad((l: tf.Tensor) => softmaxCrossEntropy(l as tf.Tensor2D, labels))(logits).arraySync() as number[][];
    expect(grad[0][2]).toBeCloseTo((p[0] - 1) / 2, 5);
    expect(grad[1][1]).toBeCloseTo(1 / 3 / 2, 5);
  });
});
