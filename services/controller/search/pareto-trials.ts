import { paretoFront } from '../pareto/pareto-front.js';
import type { TrialRecord } from './records.js';

/**
 * The search's accuracy/latency Pareto front over its own trained trials. A reused
 * trial repeats its origin's point, so only origins count; failed and killed trials
 * have no point.
 */
export function paretoTrials(trials: readonly TrialRecord[]): TrialRecord[] {
  const points = trials
    .filter((t) => !t.reusedFrom && (t.state === 'TRIAL_STATE_SUCCEEDED' || t.state === 'TRIAL_STATE_EARLYSTOPPED'))
    .filter((t) => t.accuracy !== null && t.latency !== null)
    .map((trial) => ({ trial, accuracy: trial.accuracy as number, latencyMs: trial.latency!.medianMs }));
  return paretoFront(points).map((p) => p.trial);
}
