import { describe, expect, it } from 'vitest';
import { flipHorizontal } from './flip.js';

describe('flipHorizontal', () => {
  it('mirrors each row of an RGB image, keeping pixels whole', () => {
    // 3x3 image, pixel (y, x) = [10y + x, 100 + x, 200 + y]
    const pixels = Uint8Array.from({ length: 27 }, (_, i) => {
      const [p, c] = [Math.floor(i / 3), i % 3];
      const [y, x] = [Math.floor(p / 3), p % 3];
      return [10 * y + x, 100 + x, 200 + y][c];
    });
    flipHorizontal(pixels, 3);
    expect([...pixels.subarray(0, 9)]).toEqual([2, 102, 200, 1, 101, 200, 0, 100, 200]);
    expect([...pixels.subarray(18, 27)]).toEqual([22, 102, 202, 21, 101, 202, 20, 100, 202]);
  });
});
