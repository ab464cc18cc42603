import { describe, expect, it } from 'vitest';
import { learningRateAt } from './learning-rate.js';

describe('learning-rate schedule', () => {
  const schedule = { baseLr: 0.1, totalSteps: 12, warmupSteps: 2 };

  it('warms up linearly, peaks at the base rate, then follows the cosine', () => {
    expect(learningRateAt(0, schedule)).toBeCloseTo(0.05, 12);
    expect(learningRateAt(1, schedule)).toBeCloseTo(0.1, 12);
    expect(learningRateAt(2, schedule)).toBeCloseTo(0.1, 12);
    // 10 decay steps: step 2 + 4.5 is the middle, where cos(pi/2) = 0 gives half the rate.
    // Step 7 is progress 5/9: 0.05 * (1 + cos(5pi/9)) = 0.05 * (1 - 0.173648) = 0.0413176.
    expect(learningRateAt(7, schedule)).toBeCloseTo(0.0413176, 6);
  });

  it('ends at the floor (never exactly 0) and is monotone after warm-up', () => {
    expect(learningRateAt(11, schedule)).toBeCloseTo(1e-4, 12);
    expect(learningRateAt(11, { ...schedule, minLr: 0.01 })).toBeCloseTo(0.01, 12);
    for (let s = 2; s < 11; s++) expect(learningRateAt(s + 1, schedule)).toBeLessThanOrEqual(learningRateAt(s, schedule));
  });

  it('without warm-up starts at the base rate; a one-step run uses the base rate', () => {
    expect(learningRateAt(0, { baseLr: 0.2, totalSteps: 5, warmupSteps: 0 })).toBeCloseTo(0.2, 12);
    expect(learningRateAt(0, { baseLr: 0.2, totalSteps: 1, warmupSteps: 0 })).toBeCloseTo(0.2, 12);
  });
});
