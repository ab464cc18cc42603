// What the accuracy/latency scatter shows of a search: one point per completed trial
// with both numbers, its Pareto front in latency order, and the trials that have no
// point, counted for the caption.

import type { Objective__Output } from '../../common/generated/facenas/v1/Objective.js';
import type { Trial__Output } from '../../common/generated/facenas/v1/Trial.js';
import { isCompleted, trialAccuracy, trialLatencyMs, trialReward } from './trial-values.js';

export interface ScatterPoint {
  trialId: string;
  latencyMs: number;
  accuracy: number;
  reward: number | undefined;
  baseline: boolean;
  onFront: boolean;
}

export interface UnplottedCounts {
  failed: number;
  killed: number;
  /** Created or running: no result yet. */
  pending: number;
  /** Completed, but accuracy or latency is missing or not a number. */
  withoutMetrics: number;
}

export interface ScatterData {
  points: ScatterPoint[];
  /** Front points by latency ascending (then accuracy descending), for the step line. */
  front: ScatterPoint[];
  unplotted: UnplottedCounts;
}

function toPoint(trial: Trial__Output, objective: Objective__Output, frontIds: ReadonlySet<string>): ScatterPoint | undefined {
  const accuracy = trialAccuracy(trial, objective);
  const latencyMs = trialLatencyMs(trial);
  if (!isCompleted(trial) || accuracy === undefined || latencyMs === undefined) return undefined;
  return { trialId: trial.id, latencyMs, accuracy, reward: trialReward(trial), baseline: trial.baseline, onFront: frontIds.has(trial.id) };
}

function countUnplotted(trials: readonly Trial__Output[], plotted: number): UnplottedCounts {
  const inState = (...states: Trial__Output['state'][]): number => trials.filter((t) => states.includes(t.state)).length;
  return {
    failed: inState('TRIAL_STATE_FAILED'),
    killed: inState('TRIAL_STATE_KILLED'),
    pending: inState('TRIAL_STATE_CREATED', 'TRIAL_STATE_RUNNING', 'TRIAL_STATE_UNSPECIFIED'),
    withoutMetrics: trials.filter(isCompleted).length - plotted,
  };
}

export function scatterData(trials: readonly Trial__Output[], paretoTrialIds: readonly string[], objective: Objective__Output): ScatterData {
  const frontIds = new Set(paretoTrialIds);
  const points = trials.flatMap((t) => toPoint(t, objective, frontIds) ?? []);
  const front = points
    .filter((p) => p.onFront)
    .sort((a, b) => a.latencyMs - b.latencyMs || b.accuracy - a.accuracy);
  return { points, front, unplotted: countUnplotted(trials, points.length) };
}
