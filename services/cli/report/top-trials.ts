// The trials with the highest reward, best first.

import type { Trial__Output } from '../../common/generated/facenas/v1/Trial.js';
import { trialReward } from './trial-values.js';

export const TOP_TRIAL_COUNT = 10;

/** Ties go to the earlier trial, so the table does not depend on the input's order. */
export function topTrialsByReward(trials: readonly Trial__Output[], count = TOP_TRIAL_COUNT): Trial__Output[] {
  return trials
    .filter((t) => trialReward(t) !== undefined)
    .sort((a, b) => b.reward - a.reward || a.index - b.index)
    .slice(0, count);
}
