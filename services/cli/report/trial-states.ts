// Trial counts by state, in the order a trial moves through them.

import type { TrialState__Output } from '../../common/generated/facenas/v1/TrialState.js';
import type { Trial__Output } from '../../common/generated/facenas/v1/Trial.js';

const TRIAL_STATE_LABELS: ReadonlyArray<readonly [TrialState__Output, string]> = [
  ['TRIAL_STATE_CREATED', 'created'],
  ['TRIAL_STATE_RUNNING', 'running'],
  ['TRIAL_STATE_SUCCEEDED', 'succeeded'],
  ['TRIAL_STATE_EARLYSTOPPED', 'early-stopped'],
  ['TRIAL_STATE_FAILED', 'failed'],
  ['TRIAL_STATE_KILLED', 'killed'],
  ['TRIAL_STATE_UNSPECIFIED', 'unknown'],
];

export interface StateCount {
  label: string;
  count: number;
}

/** The states that occur, with their counts, in lifecycle order. */
export function countTrialsByState(trials: readonly Trial__Output[]): StateCount[] {
  return TRIAL_STATE_LABELS.map(([state, label]) => ({ label, count: trials.filter((t) => t.state === state).length })).filter(
    (c) => c.count > 0,
  );
}

/** "13 trials: 9 succeeded, 3 failed, 1 killed". */
export function describeTrialCounts(trials: readonly Trial__Output[]): string {
  const parts = countTrialsByState(trials).map((c) => `${c.count} ${c.label}`);
  const total = `${trials.length} ${trials.length === 1 ? 'trial' : 'trials'}`;
  return parts.length > 0 ? `${total}: ${parts.join(', ')}` : total;
}
