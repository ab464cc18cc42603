// A search's rewards in trial order and the best reward so far after each trial.

import type { Trial__Output } from '../../common/generated/facenas/v1/Trial.js';
import { trialReward } from './trial-values.js';

export interface RewardPoint {
  trialId: string;
  index: number;
  reward: number;
}

export interface RunningBest {
  index: number;
  best: number;
}

/** Rewarded trials by index (ties by id, so the order never depends on the input's). */
export function rewardPoints(trials: readonly Trial__Output[]): RewardPoint[] {
  return trials
    .flatMap((t) => {
      const reward = trialReward(t);
      return reward === undefined ? [] : [{ trialId: t.id, index: t.index, reward }];
    })
    .sort((a, b) => a.index - b.index || (a.trialId < b.trialId ? -1 : a.trialId > b.trialId ? 1 : 0));
}

export function runningBest(points: readonly RewardPoint[]): RunningBest[] {
  let best = -Infinity;
  return points.map((p) => {
    best = Math.max(best, p.reward);
    return { index: p.index, best };
  });
}
