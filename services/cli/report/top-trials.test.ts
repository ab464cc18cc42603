import { describe, expect, it } from 'vitest';
import { buildTrial } from './sketched-messages.js';
import { topTrialsByReward } from './top-trials.js';

describe('topTrialsByReward', () => {
  it('ranks rewarded trials by reward, ties to the earlier trial, at most the count', () => {
    const trials = [
      { ...buildTrial('s', { index: 0, accuracy: 0.8, latencyMs: 10 }), reward: 0.5 },
      { ...buildTrial('s', { index: 1, accuracy: 0.8, latencyMs: 10 }), reward: 0.9 },
      { ...buildTrial('s', { index: 2, accuracy: 0.8, latencyMs: 10 }), reward: 0.7 },
      { ...buildTrial('s', { index: 3, accuracy: 0.8, latencyMs: 10 }), reward: 0.9 },
      buildTrial('s', { index: 4, state: 'TRIAL_STATE_FAILED' }),
    ];
    expect(topTrialsByReward([...trials].reverse(), 3).map((t) => t.index)).toEqual([1, 3, 2]);
    expect(topTrialsByReward(trials).map((t) => t.index)).toEqual([1, 3, 2, 0]);
  });
});
