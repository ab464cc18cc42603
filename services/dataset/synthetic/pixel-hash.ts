// Stateless per-pixel randomness: a 32-bit integer hash of (seed, pixel index), so
// grain and sensor noise need no generator state and cost a few integer ops each.

/** Uniform in [0, 1) from (seed, i); seed and i are uint32. */
export function hashToUnit(seed: number, i: number): number {
  let h = (seed ^ Math.imul(i, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return ((h ^ (h >>> 16)) >>> 0) / 0x100000000;
}
