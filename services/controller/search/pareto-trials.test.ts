import { describe, expect, it } from 'vitest';
import type { TrialState__Output } from '../../common/generated/facenas/v1/TrialState.js';
import { paretoTrials } from './pareto-trials.js';
import type { TrialRecord } from './records.js';

function trial(id: string, accuracy: number | null, latencyMs: number | null, state: TrialState__Output = 'TRIAL_STATE_SUCCEEDED', reusedFrom = ''): TrialRecord {
  return { id, accuracy, latency: latencyMs === null ? null : { medianMs: latencyMs }, state, reusedFrom } as TrialRecord;
}

describe('a search\'s Pareto front', () => {
  it('keeps its own trained, finished trials that nothing beats on both accuracy and latency', () => {
    const trials = [
      trial('fast', 0.9, 10),
      trial('slow-better', 0.95, 30),
      trial('dominated', 0.89, 12), // fast beats it on both
      trial('early-stopped', 0.91, 20, 'TRIAL_STATE_EARLYSTOPPED'),
      trial('twin-of-fast', 0.9, 10, 'TRIAL_STATE_SUCCEEDED', 'fast'), // the same point again
      trial('failed', null, null, 'TRIAL_STATE_FAILED'),
      trial('killed', 0.99, 1, 'TRIAL_STATE_KILLED'),
      trial('running', 0.99, 1, 'TRIAL_STATE_RUNNING'),
    ];
    expect(paretoTrials(trials).map((t) => t.id)).toEqual(['fast', 'early-stopped', 'slow-better']);
  });
});
