import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildClassifierHead, buildEmbeddingModel } from '../model/index.js';
import { Rng } from '../random/rng.js';
import { MOBILEFACENET } from '../search-space/index.js';
import { initEngine } from './engine.js';
import { wasmHeapBytes } from './kernels/wasm-heap.js';
import { createTrainer } from './trainer.js';

beforeAll(async () => {
  await initEngine({ backend: 'wasm', threads: 2 });
});

describe('MobileFaceNet from the model builder', () => {
  it('trains on wasm with an ArcFace head and micro-batches: loss falls, heap stays bounded', () => {
    const model = buildEmbeddingModel(MOBILEFACENET, { imageSize: 32, seed: 3 });
    const head = buildClassifierHead(128, 4, 'arcface', { seed: 4, scale: 16, margin: 0.2 });
    const trainer = createTrainer({ model, head, learningRate: 0.05, microBatch: 4 });
    const rng = new Rng(11);
    const labels = Int32Array.from({ length: 8 }, (_, i) => i % 4);
    const values = new Float32Array(8 * 32 * 32 * 3);
    for (let i = 0; i < values.length; i++) values[i] = rng.normal() * 0.3 + (labels[Math.floor(i / 3072)] - 1.5) * 0.5;
    const x = tf.tensor4d(values, [8, 32, 32, 3]);
    const losses: number[] = [];
    for (let i = 0; i < 6; i++) losses.push(trainer.step(x, labels).loss);
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(Math.min(...losses.slice(3))).toBeLessThan(losses[0]);
    expect(wasmHeapBytes()).toBeLessThan(2 ** 30);
    trainer.dispose();
  });
});
