import type { SyntheticParams } from '../dataset-uri.js';
import { renderFace } from '../synthetic/render-face.js';
import { SyntheticRenderPool } from '../synthetic/render-pool.js';
import type { SyntheticFace, SyntheticRenderer } from './synthetic-dataset.js';

function optionsAt(params: SyntheticParams, size: number) {
  return { seed: params.seed, size, strength: params.strength, spread: params.spread };
}

/**
 * Renders on worker threads (the generator's pool, one per image size asked for).
 * The pool's own cache is off: the dataset's image cache already keeps results.
 */
export function poolRenderer(threads?: number): (params: SyntheticParams) => SyntheticRenderer {
  return (params) => {
    const pools = new Map<number, SyntheticRenderPool>();
    const poolAt = (size: number) => {
      let pool = pools.get(size);
      if (!pool) pools.set(size, (pool = new SyntheticRenderPool(optionsAt(params, size), { threads, cacheImages: 0 })));
      return pool;
    };
    return {
      async render(faces: readonly SyntheticFace[], size: number) {
        const all = await poolAt(size).renderMany(faces.map((f) => [f.identity, f.index] as const));
        const bytes = size * size * 3;
        return faces.map((_, i) => all.subarray(i * bytes, (i + 1) * bytes));
      },
      close: async () => {
        await Promise.all([...pools.values()].map((pool) => pool.close()));
        pools.clear();
      },
    };
  };
}

/**
 * Renders on the calling thread, yielding to the event loop between faces so a
 * stream's other work keeps moving. For tests and tiny sets: no worker start-up.
 */
export function inThreadRenderer(params: SyntheticParams): SyntheticRenderer {
  return {
    async render(faces: readonly SyntheticFace[], size: number) {
      const out: Uint8Array[] = [];
      for (const face of faces) {
        out.push(renderFace(optionsAt(params, size), face.identity, face.index).pixels);
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      return out;
    },
    close: async () => {},
  };
}
