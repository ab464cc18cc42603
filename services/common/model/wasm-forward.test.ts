import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { decode } from '../search-space/index.js';
import { buildClassifierHead } from './classifier-head.js';
import { buildEmbeddingModel } from './embedding-model.js';

// Every op kind the builder emits: ir/ds, k3/5/7, SE, ReLU/PReLU/h-swish, residual, GDC and GAP.
// prettier-ignore
const SPECS = [
  decode([0, 1, 2, 1, 1, 0, 2, 1, 2, 0, 1, 1, 0, 0, 0, 0, 3, 2, 0, 0, 1, 1, 1, 0, 0, 1, 0, 2, 0, 2, 1, 1, 0, 0, 0, 0, 0]),
  decode([1, 0, 0, 0, 0, 0, 1, 0, 2, 1, 0, 1, 0, 2, 1, 1, 0, 1, 1, 0, 0, 0, 0, 3, 0, 0, 0, 1, 0, 1, 1, 1, 1, 0, 2, 1, 2]),
];

async function embeddings(backend: string, spec: (typeof SPECS)[number], x: Float32Array): Promise<Float32Array> {
  await tf.setBackend(backend);
  const model = buildEmbeddingModel(spec, { imageSize: 32, seed: 6 });
  const y = model.predict(tf.tensor4d(x, [2, 32, 32, 3])) as tf.Tensor;
  const values = (await y.data()) as Float32Array;
  tf.dispose(y);
  model.dispose();
  return values;
}

describe('forward on the wasm backend', () => {
  it('runs every layer kind and the margin heads, matching the cpu backend', async () => {
    const x = Float32Array.from({ length: 2 * 32 * 32 * 3 }, (_, i) => Math.sin(i * 0.37));
    for (const spec of SPECS) {
      const cpu = await embeddings('cpu', spec, x);
      const wasm = await embeddings('wasm', spec, x);
      expect(tf.getBackend()).toBe('wasm');
      const scale = Math.max(...Array.from(cpu, Math.abs));
      const diff = Math.max(...Array.from(cpu, (v, i) => Math.abs(v - wasm[i])));
      expect(scale).toBeGreaterThan(0);
      expect(diff).toBeLessThan(1e-4 * scale);
    }
    const head = buildClassifierHead(8, 5, 'arcface', { seed: 1 });
    const logits = head.logits(tf.tensor2d(Array.from({ length: 16 }, (_, i) => Math.cos(i)), [2, 8]), Int32Array.from([1, 4]));
    expect(logits.shape).toEqual([2, 5]);
    expect(Array.from(await logits.data()).every(Number.isFinite)).toBe(true);
    tf.dispose(logits);
    head.dispose();
  });
});
