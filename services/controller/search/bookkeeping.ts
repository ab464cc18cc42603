import type { TrialState__Output } from '../../common/generated/facenas/v1/TrialState.js';
import type { ResolvedSearchSpec } from '../spec/search-spec.js';

// Katib's trial bookkeeping as pure functions of the spec and a few counts, so a
// search with thousands of trials decides in constant time. The MobileFaceNet
// baseline (trial 0, when asked for) is a reference point: it takes a parallel slot
// while it runs but does not count against maxTrials. A KILLED trial (its search was
// stopped) never reached a result: it does not count against maxTrials either, so
// ResumeSearch replaces it rather than losing the slot.

/** The counts the rules read, kept up to date trial by trial (trial-book.ts). */
export interface TrialCounts {
  /** CREATED or RUNNING trials, baseline and reused ones included: each holds a parallel slot. */
  active: number;
  /** Non-baseline trials that count against maxTrials (all but the killed ones). */
  sampled: number;
  /** Non-baseline trials that FAILED. */
  failed: number;
  /** Non-baseline trials that SUCCEEDED or were EARLYSTOPPED. */
  succeeded: number;
}

export interface CountedTrial {
  state: TrialState__Output;
  baseline: boolean;
}

export function emptyCounts(): TrialCounts {
  return { active: 0, sampled: 0, failed: 0, succeeded: 0 };
}

/** Adds (sign 1) or removes (sign −1) one trial's part of the counts. */
export function countTrial(counts: TrialCounts, trial: CountedTrial, sign: 1 | -1): void {
  if (trial.state === 'TRIAL_STATE_CREATED' || trial.state === 'TRIAL_STATE_RUNNING') counts.active += sign;
  if (trial.baseline || trial.state === 'TRIAL_STATE_KILLED') return;
  counts.sampled += sign;
  if (trial.state === 'TRIAL_STATE_FAILED') counts.failed += sign;
  if (trial.state === 'TRIAL_STATE_SUCCEEDED' || trial.state === 'TRIAL_STATE_EARLYSTOPPED') counts.succeeded += sign;
}

export function countTrials(trials: Iterable<CountedTrial>): TrialCounts {
  const counts = emptyCounts();
  for (const t of trials) countTrial(counts, t, 1);
  return counts;
}

/** How many new trials to create now: min(parallel, maxTrials − done) − active, where done + active = sampled. */
export function trialsToAdd(spec: Pick<ResolvedSearchSpec, 'maxTrials' | 'parallelTrials'>, counts: TrialCounts): number {
  return Math.max(0, Math.min(spec.parallelTrials - counts.active, spec.maxTrials - counts.sampled));
}

export type Completion = { done: false } | { done: true; state: 'SEARCH_STATE_SUCCEEDED' | 'SEARCH_STATE_FAILED'; message: string };

/** Whether the search is over: every trial sampled and finished, or too many failures. */
export function completion(spec: Pick<ResolvedSearchSpec, 'maxTrials' | 'maxFailedTrials'>, counts: TrialCounts): Completion {
  if (spec.maxFailedTrials > 0 && counts.failed >= spec.maxFailedTrials) {
    return { done: true, state: 'SEARCH_STATE_FAILED', message: `${counts.failed} trials failed (maxFailedTrials ${spec.maxFailedTrials})` };
  }
  if (counts.sampled >= spec.maxTrials && counts.active === 0) {
    if (counts.succeeded === 0) return { done: true, state: 'SEARCH_STATE_FAILED', message: `all ${counts.sampled} trials failed` };
    return { done: true, state: 'SEARCH_STATE_SUCCEEDED', message: `${counts.sampled} trials done (maxTrials reached)` };
  }
  return { done: false };
}
