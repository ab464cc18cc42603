import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildClassifierHead } from '../model/classifier-head.js';
import { buildEmbeddingModel } from '../model/embedding-model.js';
import { Rng } from '../random/rng.js';
import { decode } from '../search-space/index.js';
import { initEngine } from './engine.js';
import { buildInferenceFn } from './inference.js';
import { softmaxCrossEntropy } from './softmax-cross-entropy.js';
import { randomValues, relativeError } from './test-support/backend-comparison.js';

beforeAll(async () => {
  await initEngine({ backend: 'wasm', threads: 2 });
});

type Sym = tf.SymbolicTensor;
const apply = (layer: tf.layers.Layer, x: Sym | Sym[]) => layer.apply(x) as Sym;

/**
 * Every op of the search space in one small net: conv 3x3/2 and 1x1, depthwise
 * 3/5 at strides 1/2, BatchNorm in training mode, squeeze-excite, a residual
 * add, a GDC head (depthwise kernel = feature map, valid) and a dense
 * embedding. Activations are smooth (tanh, sigmoid) because a kinked one
 * flips for activations within rounding of the kink (FACTS: PReLU near 0);
 * PReLU, ReLU and the kinks are covered kernel by kernel.
 */
function searchSpaceNet(seed: number): tf.LayersModel {
  let s = seed;
  const init = () => tf.initializers.glorotUniform({ seed: s++ });
  const bn = (x: Sym) => apply(tf.layers.batchNormalization({ epsilon: 1e-3 }), x);
  const tanh = (x: Sym) => apply(tf.layers.activation({ activation: 'tanh' }), x);
  const input = tf.input({ shape: [15, 15, 3] });
  let x = tanh(bn(apply(tf.layers.conv2d({ filters: 8, kernelSize: 3, strides: 2, padding: 'same', useBias: false, kernelInitializer: init() }), input)));
  const shortcut = x;
  let y = tanh(bn(apply(tf.layers.depthwiseConv2d({ kernelSize: 5, padding: 'same', useBias: false, depthwiseInitializer: init() }), x)));
  y = bn(apply(tf.layers.conv2d({ filters: 8, kernelSize: 1, useBias: false, kernelInitializer: init() }), y));
  // squeeze-excite
  let se = apply(tf.layers.globalAveragePooling2d({}), y);
  se = apply(tf.layers.dense({ units: 4, activation: 'tanh', kernelInitializer: init() }), se);
  se = apply(tf.layers.dense({ units: 8, activation: 'sigmoid', kernelInitializer: init() }), se);
  se = apply(tf.layers.reshape({ targetShape: [1, 1, 8] }), se);
  y = apply(tf.layers.multiply(), [y, se]);
  x = apply(tf.layers.add(), [shortcut, y]);
  x = tanh(bn(apply(tf.layers.depthwiseConv2d({ kernelSize: 3, strides: 2, padding: 'same', useBias: false, depthwiseInitializer: init() }), x)));
  x = tanh(bn(apply(tf.layers.conv2d({ filters: 16, kernelSize: 1, useBias: false, kernelInitializer: init() }), x)));
  const map = x.shape[1] as number;
  x = bn(apply(tf.layers.depthwiseConv2d({ kernelSize: map, padding: 'valid', useBias: false, depthwiseInitializer: init() }), x)); // GDC
  x = apply(tf.layers.flatten(), x);
  const embedding = apply(tf.layers.dense({ units: 12, kernelInitializer: init() }), x);
  return tf.model({ inputs: input, outputs: embedding });
}

/** CosFace-style head: L2-normalised embedding against L2-normalised class weights, scaled, margin on the label. */
function cosineLogits(embedding: tf.Tensor2D, weights: tf.Tensor2D, labels: tf.Tensor1D): tf.Tensor2D {
  const normalise = (t: tf.Tensor, axis: number) => tf.div(t, tf.sqrt(tf.add(tf.sum(tf.square(t), axis, true), tf.scalar(1e-10))));
  const cosine = tf.matMul(normalise(embedding, 1), normalise(weights, 0));
  const margin = tf.mul(tf.oneHot(labels, weights.shape[1]).toFloat(), tf.scalar(0.2));
  return tf.mul(tf.sub(cosine, margin), tf.scalar(8)) as tf.Tensor2D;
}

describe('whole network', () => {
  it('gradients of every weight on wasm match the cpu backend (relative error < 1e-3)', async () => {
    const rng = new Rng(99);
    const model = searchSpaceNet(1);
    const classWeights = tf.variable(tf.tensor2d(randomValues(rng, 12 * 5), [12, 5]));
    const x = tf.tensor4d(randomValues(rng, 6 * 15 * 15 * 3), [6, 15, 15, 3]);
    const labels = tf.tensor1d([0, 1, 2, 3, 4, 0], 'int32');
    const variables = [...model.trainableWeights.map((w) => w.read() as tf.Variable), classWeights];
    const gradients = async (backend: string) => {
      await tf.setBackend(backend);
      return tf.tidy(() => {
        const { value, grads } = tf.variableGrads(() => {
          const embedding = model.apply(x, { training: true }) as tf.Tensor2D;
          return softmaxCrossEntropy(cosineLogits(embedding, classWeights, labels), labels);
        }, variables);
        return [value.dataSync()[0], variables.map((v) => grads[v.name].dataSync() as Float32Array)] as const;
      });
    };
    const [cpuLoss, cpuGrads] = await gradients('cpu');
    const [wasmLoss, wasmGrads] = await gradients('wasm');
    expect(wasmLoss).toBeCloseTo(cpuLoss, 4);
    expect(cpuGrads.length).toBeGreaterThan(20);
    cpuGrads.forEach((g, i) => {
      expect(relativeError(wasmGrads[i], g), variables[i].name).toBeLessThan(1e-3);
    });
  });

  it('gradients of a search-space model (the builder\'s BatchNorm, h-swish, SE, residuals, GAP head) match the cpu backend', async () => {
    // Per block: type, kernel, expansion, layers, se, width, activation; then head type and embedding.
    // ds k7 se h-swish | ir k5 e2 L2 PReLU (residual) | ir k3 L2 se ReLU (residual) | ds k3 h-swish | ir k7 PReLU | GAP 128
    // prettier-ignore
    const spec = decode([1, 2, 0, 0, 1, 0, 2, 0, 1, 1, 1, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 2, 0, 2, 0, 0, 0, 0, 1, 1, 0]);
    const rng = new Rng(7);
    // Four images: the embedding BatchNorm normalises over the batch alone, and with two its output is ill-conditioned.
    const x = tf.tensor4d(randomValues(rng, 4 * 32 * 32 * 3), [4, 32, 32, 3]);
    const labels = tf.tensor1d([1, 3, 0, 4], 'int32');
    const gradients = async (backend: string) => {
      await tf.setBackend(backend);
      const model = buildEmbeddingModel(spec, { imageSize: 32, seed: 3 });
      const head = buildClassifierHead(spec.head.embedding, 5, 'softmax', { seed: 4 });
      const variables = [...model.trainableWeights.map((w) => w.read() as tf.Variable), ...head.trainableWeights];
      const names = model.trainableWeights.map((w) => w.name);
      const result = tf.tidy(() => {
        const { value, grads } = tf.variableGrads(() => softmaxCrossEntropy(head.logits(model.apply(x, { training: true }) as tf.Tensor2D, labels), labels), variables);
        return [value.dataSync()[0], variables.map((v) => grads[v.name].dataSync() as Float32Array)] as const;
      });
      model.dispose();
      head.dispose();
      return { loss: result[0], grads: result[1], names };
    };
    const cpu = await gradients('cpu');
    const wasm = await gradients('wasm');
    expect(wasm.loss).toBeCloseTo(cpu.loss, 4);
    expect(cpu.grads.length).toBeGreaterThan(60);
    // Some parameters are scale- or shift-invariant (a BatchNorm's γ reaching the next BatchNorm through
    // per-channel homogeneous ops, a β followed by conv + BatchNorm): their gradient is analytically 0 and
    // computed as rounding noise ~1e-8 of the network's gradients. Errors are relative to each gradient's
    // scale, but never to less than 1e-4 of the largest gradient anywhere.
    const largest = (g: Float32Array) => g.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    const floor = 1e-4 * Math.max(...cpu.grads.map(largest));
    cpu.grads.forEach((g, i) => {
      const maxDiff = largest(g.map((v, j) => v - wasm.grads[i][j]));
      expect(maxDiff / Math.max(largest(g), floor), cpu.names[i] ?? 'classifier').toBeLessThan(1e-3);
    });
  });

  it('buildInferenceFn (folded BatchNorm, fused activations) matches model.predict', () => {
    const model = searchSpaceNet(2);
    // Non-trivial moving statistics so that folding is exercised.
    for (const layer of model.layers) {
      if (layer.getClassName() !== 'BatchNormalization') continue;
      layer.setWeights(layer.getWeights().map((w, i) => (i === 3 ? tf.add(tf.randomUniform(w.shape, 0, 1, 'float32', 4), 0.5) : tf.randomNormal(w.shape, 0, 0.3, 'float32', 5))));
    }
    const infer = buildInferenceFn(model);
    const x = tf.randomNormal([1, 15, 15, 3], 0, 1, 'float32', 6) as tf.Tensor4D;
    const expected = (model.predict(x) as tf.Tensor).dataSync();
    const actual = infer(x).dataSync();
    expect(relativeError(actual, expected)).toBeLessThan(1e-5);
    infer.dispose();
  });
});
