import type { Architecture__Output } from '../../common/generated/facenas/v1/Architecture.js';
import type { Latency__Output } from '../../common/generated/facenas/v1/Latency.js';
import type { Search__Output } from '../../common/generated/facenas/v1/Search.js';
import type { SearchState__Output } from '../../common/generated/facenas/v1/SearchState.js';
import type { Trial__Output } from '../../common/generated/facenas/v1/Trial.js';
import type { TrialMetrics__Output } from '../../common/generated/facenas/v1/TrialMetrics.js';
import type { TrialProgress__Output } from '../../common/generated/facenas/v1/TrialProgress.js';
import type { TrialState__Output } from '../../common/generated/facenas/v1/TrialState.js';
import type { ResolvedSearchSpec } from '../spec/search-spec.js';

/** What the controller stores per search (the trial records are stored one key each). */
export interface SearchRecord {
  id: string;
  spec: ResolvedSearchSpec;
  state: SearchState__Output;
  message: string;
  createdAtMs: number;
  startedAtMs: number;
  completedAtMs: number;
  /** Index the next trial gets. */
  nextIndex: number;
  /** Last event sequence number handed to watchers. */
  eventSeq: number;
}

/** One trial as stored: the API's fields plus what the controller needs to resume it. */
export interface TrialRecord {
  id: string;
  searchId: string;
  index: number;
  architecture: Architecture__Output;
  /** The vector the strategy proposed (the architecture's own is canonical: unused decisions 0); `logProbs` are of these. */
  sampledDecisions: number[];
  logProbs: number[];
  state: TrialState__Output;
  reason: string;
  attempts: number;
  worker: string;
  createdAtMs: number;
  startedAtMs: number;
  completedAtMs: number;
  metrics: TrialMetrics__Output | null;
  latency: Latency__Output | null;
  reward: number | null;
  accuracy: number | null;
  reusedFrom: string;
  modelUri: string;
  baseline: boolean;
  /** Training finished (metrics in) — the trial completes once its latency is in too. */
  trained: boolean;
  /** The terminal state the trainer reported, applied once latency is in. */
  reportedState: TrialState__Output | null;
  /** Held-out accuracy after each epoch (median-stop rule). */
  evalCurve: number[];
  /** Deliveries of the job that started on a trainer (a redelivery is another attempt). */
  deliveries: number[];
  /**
   * The trial's job is in the work queue (saved once the publish was confirmed). A restart
   * re-publishes only jobs without it: JetStream drops a repeated message id only inside
   * its duplicate window, and a job may wait in the queue longer than that.
   */
  jobPublished: boolean;
}

export const ACTIVE_STATES: readonly TrialState__Output[] = ['TRIAL_STATE_CREATED', 'TRIAL_STATE_RUNNING'];
export const TERMINAL_STATES: readonly TrialState__Output[] = [
  'TRIAL_STATE_SUCCEEDED',
  'TRIAL_STATE_FAILED',
  'TRIAL_STATE_KILLED',
  'TRIAL_STATE_EARLYSTOPPED',
];
export const FINISHED_SEARCH_STATES: readonly SearchState__Output[] = ['SEARCH_STATE_SUCCEEDED', 'SEARCH_STATE_FAILED', 'SEARCH_STATE_STOPPED'];

export function isActive(trial: TrialRecord): boolean {
  return ACTIVE_STATES.includes(trial.state);
}

export function isTerminal(trial: TrialRecord): boolean {
  return TERMINAL_STATES.includes(trial.state);
}

export function toTrialMessage(trial: TrialRecord, progress: TrialProgress__Output | null = null): Trial__Output {
  return {
    id: trial.id,
    searchId: trial.searchId,
    index: trial.index,
    architecture: trial.architecture,
    logProbs: trial.logProbs,
    state: trial.state,
    reason: trial.reason,
    attempts: trial.attempts,
    worker: trial.worker,
    createdAtMs: trial.createdAtMs,
    startedAtMs: trial.startedAtMs,
    completedAtMs: trial.completedAtMs,
    metrics: trial.metrics,
    latency: trial.latency,
    reward: trial.reward ?? 0,
    hasReward: trial.reward !== null,
    reusedFrom: trial.reusedFrom,
    modelUri: trial.modelUri,
    baseline: trial.baseline,
    progress,
    accuracy: trial.accuracy ?? 0,
  };
}

/** How many trials are in each state, and the best one: what a Search message summarises. */
export interface TrialSummary {
  byState: Readonly<Record<TrialState__Output, number>>;
  total: number;
  best: TrialRecord | null;
}

export function toSearchMessage(search: SearchRecord, summary: TrialSummary): Search__Output {
  return {
    id: search.id,
    spec: search.spec,
    state: search.state,
    message: search.message,
    trialsCreated: summary.total,
    trialsRunning: summary.byState.TRIAL_STATE_RUNNING,
    trialsSucceeded: summary.byState.TRIAL_STATE_SUCCEEDED,
    trialsFailed: summary.byState.TRIAL_STATE_FAILED,
    trialsKilled: summary.byState.TRIAL_STATE_KILLED,
    trialsEarlyStopped: summary.byState.TRIAL_STATE_EARLYSTOPPED,
    bestTrialId: summary.best?.id ?? '',
    bestReward: summary.best?.reward ?? 0,
    createdAtMs: search.createdAtMs,
    startedAtMs: search.startedAtMs,
    completedAtMs: search.completedAtMs,
  };
}

export function trialId(index: number): string {
  return `trial-${String(index).padStart(4, '0')}`;
}
