import { describe, expect, it } from 'vitest';
import { buildTrial } from './sketched-messages.js';
import type { TrialState__Output } from '../../common/generated/facenas/v1/TrialState.js';
import { countTrialsByState, describeTrialCounts } from './trial-states.js';

describe('trial counts', () => {
  it('counts the states that occur, in lifecycle order', () => {
    const states: TrialState__Output[] = ['TRIAL_STATE_FAILED', 'TRIAL_STATE_SUCCEEDED', 'TRIAL_STATE_RUNNING', 'TRIAL_STATE_SUCCEEDED'];
    const trials = states.map((state, index) => buildTrial('s', { index, state }));
    expect(countTrialsByState(trials)).toEqual([
      { label: 'running', count: 1 },
      { label: 'succeeded', count: 2 },
      { label: 'failed', count: 1 },
    ]);
    expect(describeTrialCounts(trials)).toBe('4 trials: 1 running, 2 succeeded, 1 failed');
  });

  it('says so when there are none', () => {
    expect(describeTrialCounts([])).toBe('0 trials');
  });
});
