import { describe, expect, it } from 'vitest';
import { niceAxis, niceStep, tickDecimals } from './nice-ticks.js';

describe('niceStep', () => {
  it('rounds span/count to 1, 2 or 5 times a power of ten', () => {
    expect(niceStep(35, 6)).toBe(5); // 5.83: between √10 and √50 → 5
    expect(niceStep(0.3, 5)).toBe(0.05); // 0.06 = 6 × 0.01 → 5 × 0.01
    expect(niceStep(12, 8)).toBe(2); // 1.5 ≥ √2 → 2
    expect(niceStep(1000, 10)).toBe(100); // exactly 1 × 100
    expect(niceStep(8, 1)).toBe(10); // 8 ≥ √50 → 10
  });
});

describe('tickDecimals', () => {
  it('is the number of decimals of the step', () => {
    expect([tickDecimals(5), tickDecimals(2), tickDecimals(0.1), tickDecimals(0.05), tickDecimals(0.001)]).toEqual([0, 0, 1, 2, 3]);
  });
});

describe('niceAxis', () => {
  it('widens the domain to whole steps and ticks every step', () => {
    // step 5 (35.2 / 6 = 5.87); 5.1 → 5, 40.3 → 45
    expect(niceAxis(5.1, 40.3, 6)).toEqual({ domain: [5, 45], step: 5, ticks: [5, 10, 15, 20, 25, 30, 35, 40, 45] });
  });

  it('gives exact decimal ticks, not float noise', () => {
    // 0.4 / 5 = 0.08 → step 0.1; 0.55 → 0.5 and 0.95 → 1.0
    expect(niceAxis(0.55, 0.95, 5).ticks).toEqual([0.5, 0.6, 0.7, 0.8, 0.9, 1]);
    // 0.6 / 0.05 is 11.999999999999998 in floating point; the axis must still start at 0.6
    expect(niceAxis(0.6, 0.9, 5)).toEqual({ domain: [0.6, 0.9], step: 0.05, ticks: [0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9] });
  });

  it('keeps a bound that is already on a step', () => {
    expect(niceAxis(0, 12, 8).ticks).toEqual([0, 2, 4, 6, 8, 10, 12]);
  });

  it('honours a minimum step for integer data', () => {
    // 2 / 8 = 0.25 would give step 0.2
    expect(niceAxis(0, 2, 8, 1).ticks).toEqual([0, 1, 2]);
  });

  it('refuses an empty or non-finite domain', () => {
    expect(() => niceAxis(1, 1, 5)).toThrow(RangeError);
    expect(() => niceAxis(0, Number.NaN, 5)).toThrow('finite lo < hi');
  });
});
