import { describe, expect, it } from 'vitest';
import { hashSeed, Rng } from './rng.js';

describe('Rng', () => {
  it('is deterministic from the seed and resumes from its state', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const first = Array.from({ length: 5 }, () => a.nextUint32());
    expect(Array.from({ length: 5 }, () => b.nextUint32())).toEqual(first);
    const saved = a.state();
    const continued = Array.from({ length: 5 }, () => a.next());
    const resumed = Rng.fromState(saved);
    expect(Array.from({ length: 5 }, () => resumed.next())).toEqual(continued);
  });

  it('draws uniform integers with the expected mean', () => {
    const rng = new Rng(7);
    const counts = new Array(4).fill(0);
    for (let i = 0; i < 40_000; i++) counts[rng.int(4)]++;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(400);
  });

  it('draws normals with mean ~0 and variance ~1', () => {
    const rng = new Rng(3);
    const xs = Array.from({ length: 20_000 }, () => rng.normal());
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
  });

  it('mixes seed parts so neighbours differ', () => {
    expect(hashSeed(1, 2, 3)).not.toBe(hashSeed(1, 2, 4));
    expect(hashSeed(1, 2, 3)).toBe(hashSeed(1, 2, 3));
  });
});
