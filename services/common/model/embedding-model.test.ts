import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../random/rng.js';
import { type ArchitectureSpec, MOBILEFACENET, countParameters, decode, layerConfigs, sampleUniform } from '../search-space/index.js';
import { buildEmbeddingModel, layerNameForScope } from './embedding-model.js';

/** ds blocks at width 0.5, one layer each: cheap enough to run at 112 on the cpu backend. */
const SMALL: ArchitectureSpec = decode([
  ...Array.from({ length: 5 }, (_, b) => [1, 0, 0, 0, b % 2, 0, b % 3]).flat(),
  1,
  1,
]);

let tensorsBefore = 0;
beforeAll(async () => {
  await tf.setBackend('cpu');
  tensorsBefore = tf.memory().numTensors;
});
afterAll(() => {
  // Every model built here was disposed: nothing leaked.
  expect(tf.memory().numTensors).toBe(tensorsBefore);
});

describe('buildEmbeddingModel', () => {
  it('MobileFaceNet: parameter count equals the cost model, output [N, 128]', () => {
    const model = buildEmbeddingModel(MOBILEFACENET, { imageSize: 112, seed: 1 });
    expect(model.countParams()).toBe(countParameters(MOBILEFACENET, 112));
    expect(model.countParams()).toBe(1_022_720);
    const trainable = model.trainableWeights.reduce((s, w) => s + (w.shape as number[]).reduce((a, b) => a * b, 1), 0);
    expect(trainable).toBe(1_003_136);
    expect(model.inputs[0].shape).toEqual([null, 112, 112, 3]);
    expect(model.outputs[0].shape).toEqual([null, 128]);
    // PyTorch BN defaults (eps 1e-5, momentum 0.1 = tfjs 0.9); one PReLU alpha per channel, 0.25.
    expect(model.getLayer('stem_conv_bn').getConfig()).toMatchObject({ momentum: 0.9, epsilon: 1e-5 });
    const alpha = model.getLayer('stem_conv_act').getWeights()[0];
    expect(alpha.shape).toEqual([1, 1, 64]);
    expect(new Set(alpha.dataSync())).toEqual(new Set([0.25]));
    // the GDC covers the final 7x7 map
    expect(model.getLayer('head_gdc').getWeights()[0].shape).toEqual([7, 7, 512, 1]);
    model.dispose();
  });

  it('parameter count equals the cost model for 50 random architectures at 64', () => {
    const rng = new Rng(2024);
    for (let i = 0; i < 50; i++) {
      const spec = decode(sampleUniform(rng));
      const model = buildEmbeddingModel(spec, { imageSize: 64, initialize: false });
      expect(model.countParams()).toBe(countParameters(spec, 64));
      model.dispose();
    }
  });

  it('each layer unit owns exactly the parameters its config states', () => {
    const spec = decode(sampleUniform(new Rng(77)));
    const model = buildEmbeddingModel(spec, { imageSize: 64, seed: 3 });
    const configs = layerConfigs(spec, 64);
    let total = 0;
    for (const c of configs) {
      const prefix = `${layerNameForScope(c.scope)}_`;
      const owned = model.layers.filter((l) => l.name.startsWith(prefix)).reduce((s, l) => s + l.countParams(), 0);
      expect(owned, c.scope).toBe(c.parameters);
      total += owned;
    }
    expect(total).toBe(model.countParams());
    model.dispose();
  });

  it('outputs [N, embedding] at 64 and 112', () => {
    for (const [spec, size] of [
      [MOBILEFACENET, 64],
      [SMALL, 64],
      [SMALL, 112],
    ] as const) {
      const model = buildEmbeddingModel(spec, { imageSize: size, seed: 5 });
      const batch = spec === MOBILEFACENET ? 1 : 2;
      const y = tf.tidy(() => model.predict(tf.randomUniform([batch, size, size, 3], -1, 1, 'float32', 1)) as tf.Tensor);
      expect(y.shape).toEqual([batch, spec.head.embedding]);
      expect(y.dtype).toBe('float32');
      expect(Array.from(y.dataSync()).every(Number.isFinite)).toBe(true);
      y.dispose();
      model.dispose();
    }
  });

  it('initialises deterministically from the seed, conv kernels with std sqrt(2 / fan_out)', () => {
    const weights = (seed: number): Buffer => {
      const model = buildEmbeddingModel(SMALL, { imageSize: 32, seed });
      const bytes = Buffer.concat(model.getWeights().map((w) => Buffer.from((w.dataSync() as Float32Array).buffer)));
      model.dispose();
      return bytes;
    };
    const a = weights(11);
    expect(a.length).toBe(4 * countParameters(SMALL, 32));
    expect(weights(11).equals(a)).toBe(true);
    expect(weights(12).equals(a)).toBe(false);
    const model = buildEmbeddingModel(SMALL, { imageSize: 32, seed: 11 });
    const head = model.getLayer('head_conv').getWeights()[0]; // [1, 1, 64, 512]: fan_out 512
    const values = head.dataSync();
    const std = Math.sqrt(Array.from(values).reduce((s, v) => s + v * v, 0) / values.length);
    expect(std).toBeGreaterThan(0.95 * Math.sqrt(2 / 512));
    expect(std).toBeLessThan(1.05 * Math.sqrt(2 / 512));
    model.dispose();
  });

  it('refuses a bad image size or architecture naming the field', () => {
    expect(() => buildEmbeddingModel(MOBILEFACENET, { imageSize: 100 })).toThrow(/^imageSize: must be an integer multiple of 16/);
    const bad = { ...MOBILEFACENET, head: { type: 'gdc', embedding: 100 } } as unknown as ArchitectureSpec;
    expect(() => buildEmbeddingModel(bad, { imageSize: 64 })).toThrow(/^head.embedding: must be one of 128, 256, 512/);
  });
});
