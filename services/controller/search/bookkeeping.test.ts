import { describe, expect, it } from 'vitest';
import type { TrialState__Output } from '../../common/generated/facenas/v1/TrialState.js';
import { completion, countTrials, trialsToAdd, type CountedTrial } from './bookkeeping.js';
import { median, shouldStopEarly } from './median-stop.js';

const trial = (state: TrialState__Output, baseline = false): CountedTrial => ({ state, baseline });
const counted = (...trials: CountedTrial[]) => countTrials(trials);

describe('trial bookkeeping (Katib rules)', () => {
  it('adds min(parallel, maxTrials - sampled) - active', () => {
    expect(trialsToAdd({ maxTrials: 10, parallelTrials: 3 }, counted())).toBe(3);
    expect(trialsToAdd({ maxTrials: 10, parallelTrials: 3 }, counted(trial('TRIAL_STATE_RUNNING')))).toBe(2);
    expect(trialsToAdd({ maxTrials: 2, parallelTrials: 3 }, counted(trial('TRIAL_STATE_SUCCEEDED')))).toBe(1);
    expect(trialsToAdd({ maxTrials: 2, parallelTrials: 3 }, counted(trial('TRIAL_STATE_SUCCEEDED'), trial('TRIAL_STATE_FAILED')))).toBe(0);
  });

  it('does not count killed trials against maxTrials, so a resumed search replaces them', () => {
    const stopped = counted(trial('TRIAL_STATE_SUCCEEDED'), trial('TRIAL_STATE_KILLED'), trial('TRIAL_STATE_KILLED'));
    expect(stopped).toEqual({ active: 0, sampled: 1, failed: 0, succeeded: 1 });
    expect(trialsToAdd({ maxTrials: 3, parallelTrials: 3 }, stopped)).toBe(2);
    expect(completion({ maxTrials: 3, maxFailedTrials: 0 }, stopped).done).toBe(false);
  });

  it('lets the baseline take a slot without counting against maxTrials', () => {
    expect(trialsToAdd({ maxTrials: 4, parallelTrials: 2 }, counted(trial('TRIAL_STATE_RUNNING', true)))).toBe(1);
    expect(trialsToAdd({ maxTrials: 1, parallelTrials: 2 }, counted(trial('TRIAL_STATE_SUCCEEDED', true)))).toBe(1);
  });

  it('completes when every trial is sampled and finished', () => {
    const spec = { maxTrials: 2, maxFailedTrials: 0 };
    expect(completion(spec, counted(trial('TRIAL_STATE_SUCCEEDED'), trial('TRIAL_STATE_RUNNING'))).done).toBe(false);
    expect(completion(spec, counted(trial('TRIAL_STATE_SUCCEEDED'), trial('TRIAL_STATE_FAILED')))).toMatchObject({ done: true, state: 'SEARCH_STATE_SUCCEEDED' });
    expect(completion(spec, counted(trial('TRIAL_STATE_FAILED'), trial('TRIAL_STATE_FAILED')))).toMatchObject({ done: true, state: 'SEARCH_STATE_FAILED' });
  });

  it('fails the search at maxFailedTrials', () => {
    const spec = { maxTrials: 10, maxFailedTrials: 2 };
    expect(completion(spec, counted(trial('TRIAL_STATE_FAILED'), trial('TRIAL_STATE_RUNNING'))).done).toBe(false);
    expect(completion(spec, counted(trial('TRIAL_STATE_FAILED'), trial('TRIAL_STATE_FAILED')))).toMatchObject({ done: true, state: 'SEARCH_STATE_FAILED' });
  });
});

describe('median-stop rule', () => {
  it('computes medians by hand', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('stops a trial below the median of completed trials at the same epoch', () => {
    const completed = [
      [0.6, 0.7],
      [0.62, 0.75],
      [0.58, 0.8],
    ];
    expect(shouldStopEarly([0.59], completed)).toBe(true); // median at epoch 1 is 0.6
    expect(shouldStopEarly([0.61], completed)).toBe(false);
    expect(shouldStopEarly([0.7, 0.74], completed)).toBe(true); // median at epoch 2 is 0.75
  });

  it('needs enough completed trials reaching that epoch', () => {
    expect(shouldStopEarly([0.1], [[0.9], [0.9]])).toBe(false);
    expect(shouldStopEarly([0.1, 0.1], [[0.9, 0.9], [0.9], [0.9]])).toBe(false);
  });
});
