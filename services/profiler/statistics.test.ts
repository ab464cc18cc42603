import { describe, expect, it } from 'vitest';
import { coefficientOfVariation, mean, quantile, sampleStd, summarize } from './statistics.js';

describe('latency statistics', () => {
  it('median of odd and even samples, unsorted input', () => {
    expect(quantile([5, 1, 3], 0.5)).toBe(3);
    expect(quantile([4, 1, 3, 2], 0.5)).toBe(2.5);
  });

  it('p90 interpolates between closest ranks (numpy "linear")', () => {
    // 1..10: position 9·0.9 = 8.1 → 9 + 0.1·(10 − 9) = 9.1 (numpy.percentile gives 9.1).
    expect(quantile([10, 9, 8, 7, 6, 5, 4, 3, 2, 1], 0.9)).toBeCloseTo(9.1, 12);
    // 5 values: position 4·0.9 = 3.6 → 40 + 0.6·(100 − 40) = 76.
    expect(quantile([10, 20, 30, 40, 100], 0.9)).toBeCloseTo(76, 12);
    expect(quantile([7], 0.9)).toBe(7);
    expect(quantile([1, 2], 0)).toBe(1);
    expect(quantile([1, 2], 1)).toBe(2);
  });

  it('mean and sample std worked by hand', () => {
    // 2,4,4,4,5,5,7,9: mean 5, squared deviations sum 32, sample variance 32/7.
    const xs = [2, 4, 4, 4, 5, 5, 7, 9];
    expect(mean(xs)).toBe(5);
    expect(sampleStd(xs)).toBeCloseTo(Math.sqrt(32 / 7), 12);
    expect(sampleStd([3])).toBe(0);
    expect(coefficientOfVariation(xs)).toBeCloseTo(Math.sqrt(32 / 7) / 5, 12);
  });

  it('summarize puts them together', () => {
    expect(summarize([1, 2, 3, 4])).toEqual({ medianMs: 2.5, p90Ms: 3.7, meanMs: 2.5, stdMs: Math.sqrt(5 / 3), runs: 4 });
  });

  it('rejects empty samples and bad quantiles', () => {
    expect(() => quantile([], 0.5)).toThrow(RangeError);
    expect(() => quantile([1], 1.5)).toThrow(RangeError);
    expect(() => mean([])).toThrow(RangeError);
  });
});
