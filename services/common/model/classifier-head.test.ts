import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildClassifierHead } from './classifier-head.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// Class centres (columns) (1,0), (0,1), (−1,0); embeddings (2,0) label 0, (0,−3) label 1,
// (1,1) label 2. Cosines: [1, 0, −1], [0, −1, 0], [√½, √½, −√½].
const W = [
  [1, 0, -1],
  [0, 1, 0],
];
const E = [
  [2, 0],
  [0, -3],
  [1, 1],
];
const LABELS = Int32Array.from([0, 1, 2]);
const R = Math.SQRT1_2;

function logits(kind: 'softmax' | 'arcface' | 'cosface', options = {}): number[][] {
  const head = buildClassifierHead(2, 3, kind, { seed: 1, ...options });
  head.weight.assign(tf.tensor2d(W));
  const y = head.logits(tf.tensor2d(E), LABELS);
  const rows = y.arraySync() as number[][];
  y.dispose();
  head.dispose();
  return rows;
}

function expectClose(actual: number[][], expected: number[][]): void {
  actual.forEach((row, i) => row.forEach((v, j) => expect(v, `[${i}][${j}]`).toBeCloseTo(expected[i][j], 3)));
}

describe('buildClassifierHead', () => {
  it('softmax: plain e·W logits', () => {
    expectClose(logits('softmax'), [
      [2, 0, -2],
      [0, -3, 0],
      [1, 1, -1],
    ]);
  });

  it('ArcFace: s·cos(θ + m) at the label, with the fallback cos θ − m·sin m past θ + m > π', () => {
    const s = 64;
    // row 0: θ = 0 → cos 0.5 = 0.877583; row 1: θ = π > π − m → −1 − 0.5·sin(0.5) = −1.239713;
    // row 2: θ = 3π/4 → cos(3π/4 + 0.5) = −√½·(0.877583 + 0.479426) = −0.959550
    expectClose(logits('arcface'), [
      [s * 0.877583, 0, -s],
      [0, s * -1.239713, 0],
      [s * R, s * R, s * -0.95955],
    ]);
    // easy margin: no margin where cos θ ≤ 0
    expectClose(logits('arcface', { easyMargin: true }), [
      [s * 0.877583, 0, -s],
      [0, -s, 0],
      [s * R, s * R, -s * R],
    ]);
  });

  it('CosFace: s·(cos θ − 0.35) at the label', () => {
    const s = 64;
    expectClose(logits('cosface'), [
      [s * 0.65, 0, -s],
      [0, s * -1.35, 0],
      [s * R, s * R, s * (-R - 0.35)],
    ]);
  });

  it('gives finite gradients for the weight even at θ = π, without leaking tensors', () => {
    for (const kind of ['softmax', 'arcface', 'cosface'] as const) {
      const head = buildClassifierHead(2, 3, kind, { seed: 2 });
      head.weight.assign(tf.tensor2d(W));
      const before = tf.memory().numTensors;
      const { value, grads } = tf.variableGrads(() =>
        tf.losses.softmaxCrossEntropy(tf.oneHot(tf.tensor1d(LABELS, 'int32'), 3), head.logits(tf.tensor2d(E), LABELS)) as tf.Scalar,
      );
      const g = grads[head.weight.name].dataSync();
      expect(Array.from(g).every(Number.isFinite), kind).toBe(true);
      expect(Math.max(...Array.from(g).map(Math.abs)), kind).toBeGreaterThan(0);
      expect(Number.isFinite(value.dataSync()[0])).toBe(true);
      tf.dispose([value, ...Object.values(grads)]);
      expect(tf.memory().numTensors).toBe(before);
      head.dispose();
    }
  });

  it('initialises N(0, 0.01) deterministically and checks its arguments', () => {
    const a = buildClassifierHead(128, 1000, 'arcface', { seed: 5 });
    const b = buildClassifierHead(128, 1000, 'arcface', { seed: 5 });
    const va = a.weight.dataSync();
    expect(Buffer.from(va.buffer).equals(Buffer.from(b.weight.dataSync().buffer))).toBe(true);
    const std = Math.sqrt(Array.from(va).reduce((s, v) => s + v * v, 0) / va.length);
    expect(std).toBeGreaterThan(0.0098);
    expect(std).toBeLessThan(0.0102);
    expect(a.trainableWeights).toEqual([a.weight]);
    expect([a.scale, a.margin]).toEqual([64, 0.5]);
    a.dispose();
    b.dispose();
    expect(() => buildClassifierHead(128, 1, 'softmax')).toThrow(/^numClasses: /);
    expect(() => buildClassifierHead(128, 10, 'sphereface' as never)).toThrow(/^kind: must be one of softmax, arcface, cosface/);
  });
});
