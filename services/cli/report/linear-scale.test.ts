import { describe, expect, it } from 'vitest';
import { linearScale } from './linear-scale.js';

describe('linearScale', () => {
  it('maps the domain onto the range', () => {
    const x = linearScale([0, 40], [64, 700]);
    expect(x(0)).toBe(64);
    expect(x(20)).toBe(382); // 64 + 20 × 636 / 40
    expect(x(40)).toBe(700);
  });

  it('flips with a reversed range, as the y axis needs', () => {
    const y = linearScale([0.5, 1], [352, 20]);
    expect(y(0.5)).toBe(352);
    expect(y(0.75)).toBe(186); // 352 − 0.25 × 664
    expect(y(1)).toBe(20);
  });
});
