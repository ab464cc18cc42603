import type { Bus } from '../../services/common/bus/bus.js';
import type { Search__Output } from '../../services/common/generated/facenas/v1/Search.js';
import type { Trial__Output } from '../../services/common/generated/facenas/v1/Trial.js';
import type { SearchApi } from '../../services/cli/search/search-api.js';
import { readTrialReports, untilTrialQueueEmpty, type TrialReports } from './trial-reports-audit.js';

// How a finished search turned out, checked against what the trainers reported:
// its bookkeeping (what is compared with the undisturbed reference run), the trials
// whose result is missing or not what was reported ("lost"), and the trials trained
// to completion more than once.
//
// "Trained exactly once to completion" means exactly one SUCCEEDED (or EARLYSTOPPED)
// report for the trial in the events stream, over all deliveries of its job. A trainer
// that died mid-trial leaves a RUNNING report for its delivery and no result: that
// partial attempt is not a completion, and the redelivery that does finish is the one
// completion (the trial's `attempts` then counts both deliveries). A second completion
// would mean the trial was trained twice (a job redelivered after its result was out);
// the controller would ignore it, but the work was done twice.

export interface Bookkeeping {
  searchState: string;
  trials: number;
  /** How many trials ended in each state. */
  states: Record<string, number>;
}

export interface SearchOutcome {
  search: Search__Output;
  trials: Trial__Output[];
  reports: Map<string, TrialReports>;
  bookkeeping: Bookkeeping;
  /** One line per trial whose result is missing or differs from what its trainer reported. */
  lost: string[];
  /** Trials with more than one completion report. */
  trainedTwice: string[];
}

const TERMINAL = new Set(['TRIAL_STATE_SUCCEEDED', 'TRIAL_STATE_FAILED', 'TRIAL_STATE_KILLED', 'TRIAL_STATE_EARLYSTOPPED']);
const COMPLETED = new Set(['TRIAL_STATE_SUCCEEDED', 'TRIAL_STATE_EARLYSTOPPED']);

/** Polls GetSearch (through controller restarts: a failed call is asked again) until the search left RUNNING. */
export async function untilSearchFinished(api: SearchApi, searchId: string, timeoutMs: number): Promise<Search__Output> {
  const end = Date.now() + timeoutMs;
  let last = 'no answer yet';
  for (;;) {
    try {
      const search = await api.get(searchId);
      if (search.state !== 'SEARCH_STATE_RUNNING' && search.state !== 'SEARCH_STATE_CREATED') return search;
      last = `${search.state}: ${search.trialsSucceeded} succeeded, ${search.trialsRunning} running, ${search.trialsFailed} failed`;
    } catch (err) {
      last = (err as Error).message;
    }
    if (Date.now() > end) throw new Error(`search ${searchId} did not finish within ${timeoutMs} ms (last: ${last})`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export function bookkeepingOf(search: Search__Output, trials: readonly Trial__Output[]): Bookkeeping {
  const states: Record<string, number> = {};
  for (const t of trials) states[t.state] = (states[t.state] ?? 0) + 1;
  return { searchState: search.state, trials: trials.length, states };
}

/** Waits for the search to finish and the trial queue to drain, then compares the controller's records with the reports. */
export async function searchOutcome(api: SearchApi, bus: Bus, searchId: string, options: { maxTrials: number; ackWaitMs: number; timeoutMs: number }): Promise<SearchOutcome> {
  const search = await untilSearchFinished(api, searchId, options.timeoutMs);
  await untilTrialQueueEmpty(bus, options.ackWaitMs, 30_000);
  const trials = await api.trials(searchId);
  const reports = await readTrialReports(bus, searchId);
  const lost: string[] = [];
  const trainedTwice: string[] = [];
  const byIndex = new Map(trials.map((t) => [t.index, t]));
  for (let i = 0; i < options.maxTrials; i++) if (!byIndex.has(i)) lost.push(`trial #${i} was never created`);
  for (const trial of trials) {
    const r = reports.get(trial.id) ?? { started: [], completions: [], failures: [], retries: [] };
    if (!TERMINAL.has(trial.state)) {
      lost.push(`${trial.id} left ${trial.state}`);
      continue;
    }
    if (trial.reusedFrom) continue; // its outcome is copied from the trial that trained that architecture
    if (r.completions.length > 1) trainedTwice.push(`${trial.id}: completed by ${r.completions.map((c) => `${c.worker}#${c.delivery}`).join(', ')}`);
    if (COMPLETED.has(trial.state)) {
      const accuracy = trial.metrics?.verificationAccuracy;
      if (!r.completions.some((c) => c.metrics?.verificationAccuracy === accuracy)) lost.push(`${trial.id} is ${trial.state} with accuracy ${accuracy}, which no trainer reported`);
    } else if (r.completions.length > 0) {
      lost.push(`${trial.id} was completed by ${r.completions[0].worker} but is ${trial.state} (${trial.reason})`);
    } else if (trial.state === 'TRIAL_STATE_FAILED' && !trial.reason) {
      lost.push(`${trial.id} FAILED without a reason`);
    }
  }
  return { search, trials, reports, bookkeeping: bookkeepingOf(search, trials), lost, trainedTwice };
}
