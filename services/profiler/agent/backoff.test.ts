import { describe, expect, it } from 'vitest';
import { backoffCeilingMs, backoffDelayMs } from './backoff.js';

const policy = { initialMs: 100, maxMs: 1000, multiplier: 2 };

describe('reconnect backoff', () => {
  it('doubles up to the cap', () => {
    expect([0, 1, 2, 3, 4, 10].map((n) => backoffCeilingMs(policy, n))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it('jitters within [ceiling/2, ceiling]', () => {
    expect(backoffDelayMs(policy, 2, () => 0)).toBe(200);
    expect(backoffDelayMs(policy, 2, () => 0.5)).toBe(300);
    expect(backoffDelayMs(policy, 2, () => 0.999999)).toBeCloseTo(400, 3);
    for (let i = 0; i < 100; i++) {
      const d = backoffDelayMs(policy, 3);
      expect(d).toBeGreaterThanOrEqual(400);
      expect(d).toBeLessThanOrEqual(800);
    }
  });
});
