import { describe, expect, it } from 'vitest';
import { arcfaceTemplate } from './arcface-template.js';
import { applySimilarity } from './similarity-transform.js';
import { alignToArcface, warpSimilarity, type InterleavedImage } from './warp-affine.js';

function ramp(width: number, height: number): InterleavedImage {
  const pixels = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) pixels.set([x * 10, y * 10, 100], (y * width + x) * 3);
  }
  return { pixels, width, height, channels: 3 };
}

describe('warpSimilarity', () => {
  it('copies the image under the identity map', () => {
    const src = ramp(6, 5);
    expect(warpSimilarity(src, { a: 1, b: 0, tx: 0, ty: 0 }, 6, 5)).toEqual(src.pixels);
  });

  it('interpolates bilinearly: half a pixel right of x=2 reads (20+30)/2', () => {
    const out = warpSimilarity(ramp(6, 5), { a: 1, b: 0, tx: 2.5, ty: 1.25 }, 2, 2);
    // Output (0,0) reads source (2.5, 1.25): red 25, green 12.5 → 13 (round half up).
    expect(Array.from(out.subarray(0, 3))).toEqual([25, 13, 100]);
    // Output (1,1) reads (3.5, 2.25): red 35, green 22.5 → 23.
    expect(Array.from(out.subarray(9, 12))).toEqual([35, 23, 100]);
  });

  it('fills reads outside the source with the border value', () => {
    const out = warpSimilarity(ramp(4, 4), { a: 1, b: 0, tx: -1, ty: 0 }, 2, 1, 7);
    expect(Array.from(out.subarray(0, 3))).toEqual([7, 7, 7]);
    expect(Array.from(out.subarray(3, 6))).toEqual([0, 0, 100]);
  });

  it('rotates by 90°: output (u, v) reads source (3 − v, u)', () => {
    const out = warpSimilarity(ramp(4, 4), { a: 0, b: 1, tx: 3, ty: 0 }, 4, 4);
    // Output (u=2, v=1) reads source (2, 2).
    expect(Array.from(out.subarray((1 * 4 + 2) * 3, (1 * 4 + 2) * 3 + 3))).toEqual([20, 20, 100]);
    // Output (u=0, v=3) reads source (0, 0).
    expect(Array.from(out.subarray((3 * 4) * 3, (3 * 4) * 3 + 3))).toEqual([0, 0, 100]);
  });
});

describe('alignToArcface', () => {
  it('moves landmarks that are a similarity of the template exactly onto it', () => {
    const t = { a: 2 * Math.cos(0.2), b: 2 * Math.sin(0.2), tx: 30, ty: 10 };
    const landmarks = applySimilarity(t, arcfaceTemplate(112));
    const { pixels, landmarks: moved } = alignToArcface(ramp(300, 300), landmarks, 112);
    expect(pixels.length).toBe(112 * 112 * 3);
    const template = arcfaceTemplate(112);
    moved.forEach((v, i) => expect(v).toBeCloseTo(template[i], 3));
  });
});
