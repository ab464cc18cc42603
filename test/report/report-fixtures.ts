// The report tests' main input: a realistic small search with a known Pareto front.

import type { ReportInput } from '../../services/cli/report/report-input.js';
import { buildSearch, buildTrial, trialId, type TrialSketch } from '../../services/cli/report/sketched-messages.js';

export const GENERATED_AT_MS = Date.UTC(2026, 10, 2, 9, 30, 0);

/**
 * The MobileFaceNet baseline and 12 sampled trials: 2 failed, 1 killed, 1 stopped
 * early, so 10 points. Sorted by latency the non-dominated ones are trials 5, 2, the
 * baseline (0) and 8: a front of 4, the baseline on it.
 */
export const REALISTIC_SKETCHES: readonly TrialSketch[] = [
  { index: 0, baseline: true, accuracy: 0.842, latencyMs: 21.4 },
  { index: 1, accuracy: 0.745, latencyMs: 9.8 },
  { index: 2, accuracy: 0.805, latencyMs: 12.6 },
  { index: 3, state: 'TRIAL_STATE_FAILED' },
  { index: 4, accuracy: 0.838, latencyMs: 27.9 },
  { index: 5, accuracy: 0.752, latencyMs: 8.1 },
  { index: 6, accuracy: 0.79, latencyMs: 19.5 },
  { index: 7, state: 'TRIAL_STATE_FAILED', latencyMs: 14.2 },
  { index: 8, accuracy: 0.874, latencyMs: 34.2 },
  { index: 9, accuracy: 0.796, latencyMs: 15.3 },
  { index: 10, state: 'TRIAL_STATE_KILLED' },
  { index: 11, state: 'TRIAL_STATE_EARLYSTOPPED', accuracy: 0.801, latencyMs: 17.0 },
  { index: 12, accuracy: 0.735, latencyMs: 11.2 },
];
export const REALISTIC_FRONT_IDS = [5, 2, 0, 8].map(trialId);
export const REALISTIC_POINT_COUNT = 10;

export function realisticReportInput(): ReportInput {
  const searchId = 'search-7f3a';
  const trials = REALISTIC_SKETCHES.map((s) => buildTrial(searchId, s));
  return {
    generatedAtMs: GENERATED_AT_MS,
    searches: [{ search: buildSearch({ id: searchId, trials }), trials, paretoTrialIds: REALISTIC_FRONT_IDS }],
  };
}
