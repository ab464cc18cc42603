import type { ResolvedSearchSpec } from '../spec/search-spec.js';
import { isActive, type TrialRecord } from './records.js';

// Katib's trial bookkeeping as pure functions of the spec and the trials so far.
// The MobileFaceNet baseline (trial 0, when asked for) is a reference point: it takes
// a parallel slot while it runs but does not count against maxTrials.

/** How many new trials to create now: min(parallel, maxTrials − sampled) − active. */
export function trialsToAdd(spec: Pick<ResolvedSearchSpec, 'maxTrials' | 'parallelTrials'>, trials: readonly TrialRecord[]): number {
  const active = trials.filter(isActive).length;
  const sampled = trials.filter((t) => !t.baseline).length;
  return Math.max(0, Math.min(spec.parallelTrials - active, spec.maxTrials - sampled));
}

export type Completion = { done: false } | { done: true; state: 'SEARCH_STATE_SUCCEEDED' | 'SEARCH_STATE_FAILED'; message: string };

/** Whether the search is over: every trial sampled and finished, or too many failures. */
export function completion(spec: Pick<ResolvedSearchSpec, 'maxTrials' | 'maxFailedTrials'>, trials: readonly TrialRecord[]): Completion {
  const sampled = trials.filter((t) => !t.baseline);
  const failed = sampled.filter((t) => t.state === 'TRIAL_STATE_FAILED').length;
  if (spec.maxFailedTrials > 0 && failed >= spec.maxFailedTrials) {
    return { done: true, state: 'SEARCH_STATE_FAILED', message: `${failed} trials failed (maxFailedTrials ${spec.maxFailedTrials})` };
  }
  if (sampled.length >= spec.maxTrials && !trials.some(isActive)) {
    const succeeded = sampled.filter((t) => t.state === 'TRIAL_STATE_SUCCEEDED' || t.state === 'TRIAL_STATE_EARLYSTOPPED').length;
    if (succeeded === 0) return { done: true, state: 'SEARCH_STATE_FAILED', message: `all ${sampled.length} trials failed` };
    return { done: true, state: 'SEARCH_STATE_SUCCEEDED', message: `${sampled.length} trials done (maxTrials reached)` };
  }
  return { done: false };
}
