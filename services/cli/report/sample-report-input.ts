// Plausible data for the README's picture of a report: two 40-trial searches
// (reinforce and random) on the same device and target. Latency grows with MAdds and
// saturates towards 40 ms (memory-bound small nets do not get proportionally faster),
// accuracy grows with the log of MAdds, and reinforce improves as it learns; a few
// trials fail. Deterministic.

import type { Trial__Output } from '../../common/generated/facenas/v1/Trial.js';
import { Rng } from '../../common/random/rng.js';
import { countMadds } from '../../common/search-space/index.js';
import { paretoFront } from '../../controller/pareto/pareto-front.js';
import type { ReportInput, ReportSearch } from './report-input.js';
import { DEFAULT_TARGET_MS, SKETCH_STARTED_AT_MS, type TrialSketch, buildSearch, buildTrial, sampledArchitecture } from './sketched-messages.js';

const TRIALS_PER_SEARCH = 40;
const FAILURE_RATE = 0.08;

function clamp(value: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, value));
}

/** 5 ms + 35 ms × (1 − e^(−MAdds / 300 M)), with 5% measurement noise: 221 M → ~23 ms. */
function plausibleLatencyMs(madds: number, rng: Rng): number {
  return clamp((5 + 35 * (1 - Math.exp(-madds / 300e6))) * (1 + 0.05 * rng.normal()), 5, 40);
}

/** 0.63 at 20 M MAdds up to 0.85 at 600 M and above, plus what the strategy has learned. */
function plausibleAccuracy(madds: number, learned: number, rng: Rng): number {
  const capacity = clamp(Math.log(madds / 20e6) / Math.log(600e6 / 20e6), 0, 1);
  return clamp(0.63 + 0.22 * capacity + learned + 0.01 * rng.normal(), 0.6, 0.9);
}

function sketch(index: number, strategySeed: number, learningRate: number, rng: Rng): TrialSketch {
  if (index === 0) return { index, baseline: true, accuracy: 0.82, latencyMs: 21.4 };
  const architecture = sampledArchitecture(strategySeed, index);
  if (rng.next() < FAILURE_RATE) return { index, architecture, state: 'TRIAL_STATE_FAILED' };
  const madds = countMadds(architecture, 112);
  const learned = learningRate * (index / TRIALS_PER_SEARCH);
  return { index, architecture, accuracy: plausibleAccuracy(madds, learned, rng), latencyMs: plausibleLatencyMs(madds, rng) };
}

function sampleSearch(id: string, strategy: string, strategySeed: number, learningRate: number): ReportSearch {
  const rng = new Rng(strategySeed);
  const trials = Array.from({ length: TRIALS_PER_SEARCH }, (_, i) => buildTrial(id, sketch(i, strategySeed, learningRate, rng)));
  const front = paretoFront(
    trials.filter((t: Trial__Output) => t.hasReward).map((t) => ({ id: t.id, accuracy: t.accuracy, latencyMs: t.latency!.medianMs })),
  );
  const search = buildSearch({ id, strategy, trials, targetLatencyMs: DEFAULT_TARGET_MS, maxTrials: TRIALS_PER_SEARCH, dataset: 'synthetic:identities=200,images=20,size=64,seed=1' });
  return { search, trials, paretoTrialIds: front.map((p) => p.id) };
}

export function sampleReportInput(): ReportInput {
  return {
    generatedAtMs: SKETCH_STARTED_AT_MS + (TRIALS_PER_SEARCH + 2) * 60_000,
    searches: [sampleSearch('search-reinforce-01', 'reinforce', 11, 0.03), sampleSearch('search-random-01', 'random', 12, 0)],
  };
}
