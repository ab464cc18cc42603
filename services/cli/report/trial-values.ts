// A trial's numbers as the report shows them. Proto3 sends 0 for an unset double, so
// "0" is read as "not measured" except where hasReward says the accuracy is real (a
// reward is computed from it).

import type { Objective__Output } from '../../common/generated/facenas/v1/Objective.js';
import type { Trial__Output } from '../../common/generated/facenas/v1/Trial.js';

/** Trained to the end or stopped early by the median rule: both have metrics and a point. */
export function isCompleted(trial: Trial__Output): boolean {
  return trial.state === 'TRIAL_STATE_SUCCEEDED' || trial.state === 'TRIAL_STATE_EARLYSTOPPED';
}

function measured(value: number | undefined): number | undefined {
  return value !== undefined && Number.isFinite(value) && value !== 0 ? value : undefined;
}

/** The objective's accuracy: the trial's own field, else the matching metric. */
export function trialAccuracy(trial: Trial__Output, objective: Objective__Output): number | undefined {
  if (trial.hasReward && Number.isFinite(trial.accuracy)) return trial.accuracy;
  const metric = objective === 'OBJECTIVE_TOP1' ? trial.metrics?.top1 : trial.metrics?.verificationAccuracy;
  return measured(trial.accuracy) ?? measured(metric);
}

/** Median batch-1 latency on the search's device. */
export function trialLatencyMs(trial: Trial__Output): number | undefined {
  const ms = trial.latency?.medianMs;
  return ms !== undefined && Number.isFinite(ms) && ms > 0 ? ms : undefined;
}

export function trialReward(trial: Trial__Output): number | undefined {
  return trial.hasReward && Number.isFinite(trial.reward) ? trial.reward : undefined;
}

/** Parameters as counted from the architecture, else as the trainer reported them. */
export function trialParameters(trial: Trial__Output): number | undefined {
  return measured(trial.architecture?.parameters) ?? measured(trial.metrics?.parameters);
}

export function trialMadds(trial: Trial__Output): number | undefined {
  return measured(trial.architecture?.madds) ?? measured(trial.metrics?.madds);
}
