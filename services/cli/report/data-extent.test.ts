import { describe, expect, it } from 'vitest';
import { dataExtent } from './data-extent.js';

describe('dataExtent', () => {
  it('pads the span on both sides', () => {
    expect(dataExtent([10, 30, 20], { padFraction: 0.05 })).toEqual([9, 31]);
  });

  it('reaches included values (the latency target)', () => {
    // span 10..40 = 30, pad 1.5
    expect(dataExtent([10, 30], { include: [40], padFraction: 0.05 })).toEqual([8.5, 41.5]);
  });

  it('makes a width up when all values are equal', () => {
    expect(dataExtent([20, 20], { padFraction: 0.05 })).toEqual([18, 22]);
    expect(dataExtent([0], { padFraction: 0.05 })).toEqual([-1, 1]);
  });

  it('clamps to the bounds', () => {
    const [lo, hi] = dataExtent([0.95, 1], { padFraction: 0.08, clamp: [0, 1] }) ?? [];
    expect(lo).toBeCloseTo(0.946, 12);
    expect(hi).toBe(1);
    expect(dataExtent([1, 1], { padFraction: 0.08, clamp: [0, 1] })).toEqual([0.9, 1]);
  });

  it('ignores a clamp that would leave nothing (values outside the bounds)', () => {
    const [lo, hi] = dataExtent([1.5], { padFraction: 0.08, clamp: [0, 1] }) ?? [];
    expect(lo).toBeCloseTo(1.35, 12);
    expect(hi).toBeCloseTo(1.65, 12);
  });

  it('drops non-finite values and is undefined without data', () => {
    expect(dataExtent([Number.NaN, 10, Infinity, 20], { padFraction: 0 })).toEqual([10, 20]);
    expect(dataExtent([], { padFraction: 0.1 })).toBeUndefined();
    expect(dataExtent([Number.NaN], { padFraction: 0.1 })).toBeUndefined();
  });
});
