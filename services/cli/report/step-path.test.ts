import { describe, expect, it } from 'vitest';
import { pathData, stepVertices } from './step-path.js';

describe('step lines', () => {
  it('goes flat to the next x, then to the next point', () => {
    expect(stepVertices([[0, 10], [5, 20], [8, 15]])).toEqual([[0, 10], [5, 10], [5, 20], [8, 20], [8, 15]]);
    expect(stepVertices([[3, 4]])).toEqual([[3, 4]]);
    expect(stepVertices([])).toEqual([]);
  });

  it('writes an SVG path rounded to hundredths of a pixel', () => {
    expect(pathData([[0, 10.123], [5.006, 10.123]])).toBe('M0,10.12 L5.01,10.12');
  });
});
