import { describe, expect, it } from 'vitest';
import { MISSING, formatDuration, formatFixed, formatMillions, formatMs, formatPercent, formatReward, formatUtc } from './number-format.js';

describe('number formats', () => {
  it('prints fixed decimals without a negative zero', () => {
    expect(formatFixed(2.345, 1)).toBe('2.3');
    expect(formatFixed(-0.0001, 2)).toBe('0.00');
  });

  it('prints accuracies, latencies, counts and rewards', () => {
    expect(formatPercent(0.8734)).toBe('87.34%');
    expect(formatPercent(0.75, 0)).toBe('75%');
    expect(formatMs(7.254)).toBe('7.25 ms');
    expect(formatMs(21.44)).toBe('21.4 ms');
    expect(formatMillions(1_022_720)).toBe('1.02 M');
    expect(formatMillions(220_970_000)).toBe('220.97 M');
    expect(formatReward(0.944745)).toBe('0.9447');
  });

  it('prints a dash for absent and non-finite values', () => {
    for (const f of [formatPercent, formatMs, formatMillions, formatReward]) {
      expect(f(undefined)).toBe(MISSING);
      expect(f(Number.NaN)).toBe(MISSING);
      expect(f(Infinity)).toBe(MISSING);
    }
  });

  it('prints times in UTC and durations in h/min/s', () => {
    expect(formatUtc(Date.UTC(2026, 10, 2, 9, 5, 7))).toBe('2026-11-02 09:05:07 UTC');
    expect(formatDuration(42_400)).toBe('42 s');
    expect(formatDuration(65_000)).toBe('1 min 05 s');
    expect(formatDuration(3_725_000)).toBe('1 h 02 min');
  });
});
