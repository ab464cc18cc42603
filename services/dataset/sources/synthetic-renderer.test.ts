import { describe, expect, it } from 'vitest';
import { SYNTHETIC_DEFAULTS } from '../dataset-uri.js';
import { inThreadRenderer, poolRenderer } from './synthetic-renderer.js';

describe('synthetic renderers', () => {
  it('render the same pixels on worker threads as on the calling thread, at each size asked for', async () => {
    const params = { ...SYNTHETIC_DEFAULTS, seed: 4 };
    const faces = [
      { identity: 0, index: 0 },
      { identity: 3, index: 2 },
      { identity: 1_000_001, index: 1 },
    ];
    const pool = poolRenderer(2)(params);
    const local = inThreadRenderer(params);
    try {
      for (const size of [32, 48]) {
        const [fromPool, fromThread] = await Promise.all([pool.render(faces, size), local.render(faces, size)]);
        expect(fromPool.map((p) => p.length)).toEqual([size * size * 3, size * size * 3, size * size * 3]);
        fromPool.forEach((pixels, i) => expect(Buffer.from(pixels).equals(Buffer.from(fromThread[i]))).toBe(true));
      }
    } finally {
      await pool.close();
      await local.close();
    }
  });
});
