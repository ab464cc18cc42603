import { describe, expect, it } from 'vitest';
import { buildTrial } from './sketched-messages.js';
import { rewardPoints, runningBest } from './reward-series.js';

describe('reward series', () => {
  it('takes rewarded trials in index order and keeps the best so far', () => {
    const rewards = [0.6, 0.8, undefined, 0.7, 0.85];
    const trials = rewards
      .map((reward, index) =>
        reward === undefined
          ? buildTrial('s', { index, state: 'TRIAL_STATE_FAILED' })
          : { ...buildTrial('s', { index, accuracy: 0.8, latencyMs: 10 }), reward },
      )
      .reverse();
    const points = rewardPoints(trials);
    expect(points.map((p) => [p.index, p.reward])).toEqual([
      [0, 0.6],
      [1, 0.8],
      [3, 0.7],
      [4, 0.85],
    ]);
    expect(runningBest(points)).toEqual([
      { index: 0, best: 0.6 },
      { index: 1, best: 0.8 },
      { index: 3, best: 0.8 },
      { index: 4, best: 0.85 },
    ]);
  });
});
