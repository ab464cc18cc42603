import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidArgumentError, UnavailableError } from '../../common/errors/errors.js';
import { renderFace } from './render-face.js';
import { SyntheticRenderPool } from './render-pool.js';
import type { SyntheticOptions } from './synthetic-options.js';

const OPTS: SyntheticOptions = { seed: 4, size: 64, strength: 1, spread: 1 };
const BYTES = 64 * 64 * 3;

// Worker start-up dominates these tests, so they share two pools (3 workers in all).
let twoThreads: SyntheticRenderPool;
let oneThreadSmallCache: SyntheticRenderPool;

beforeAll(() => {
  twoThreads = new SyntheticRenderPool(OPTS, { threads: 2 });
  oneThreadSmallCache = new SyntheticRenderPool(OPTS, { threads: 1, cacheImages: 3 });
});

afterAll(async () => {
  await Promise.all([twoThreads.close(), oneThreadSmallCache.close()]);
});

describe('SyntheticRenderPool', () => {
  it('renders on worker threads exactly what renderFace renders in this thread', async () => {
    const items: Array<[number, number]> = [[0, 0], [1, 5], [1_000_003, 2], [-7, 1], [0, 0], [2, 9], [3, 3], [4, 4], [5, 5]];
    const many = await twoThreads.renderMany(items);
    expect(many.length).toBe(items.length * BYTES);
    items.forEach(([identity, index], i) => {
      const expected = renderFace(OPTS, identity, index).pixels;
      expect(Buffer.compare(many.subarray(i * BYTES, (i + 1) * BYTES), expected)).toBe(0);
    });
  });

  it('returns landmarks with render() and serves repeats from its LRU cache', async () => {
    const p = oneThreadSmallCache;
    const face = await p.render(11, 2);
    const expected = renderFace(OPTS, 11, 2);
    expect(Buffer.compare(face.pixels, expected.pixels)).toBe(0);
    expect(Array.from(face.landmarks)).toEqual(Array.from(expected.landmarks));
    face.pixels.fill(0); // the caller owns its copy; the cache keeps the original
    const again = await p.render(11, 2);
    expect(Buffer.compare(again.pixels, expected.pixels)).toBe(0);
    expect(p.stats()).toEqual({ cached: 1, hits: 1, misses: 1 });
    await p.renderMany([[1, 1], [2, 2], [3, 3], [1, 1]]);
    // Capacity 3: (11, 2) was the least recently used and is gone; (1, 1) repeated within the batch is a hit.
    expect(p.stats()).toEqual({ cached: 3, hits: 2, misses: 4 });
  });

  it('gives the same bytes with one thread and with two', async () => {
    const items: Array<[number, number]> = Array.from({ length: 8 }, (_, i) => [i * 3, i + 20]);
    const [one, two] = await Promise.all([oneThreadSmallCache.renderMany(items), twoThreads.renderMany(items)]);
    expect(Buffer.compare(one, two)).toBe(0);
  });

  it('rejects bad options and keys naming the field, and fails after close', async () => {
    expect(() => new SyntheticRenderPool({ ...OPTS, size: 100 }, { threads: 1 })).toThrow(/^size: /);
    expect(() => new SyntheticRenderPool(OPTS, { threads: 0 })).toThrow(InvalidArgumentError);
    expect(() => new SyntheticRenderPool(OPTS, { threads: 1, cacheImages: -1 })).toThrow(/^cacheImages: /);
    const p = oneThreadSmallCache;
    await expect(p.render(Number.NaN, 0)).rejects.toThrow(/^identity: /);
    await expect(p.renderMany([[1, -2]])).rejects.toThrow(/^index: /);
    await p.close();
    await expect(p.render(1, 1)).rejects.toBeInstanceOf(UnavailableError);
  });
});
