import { describe, expect, it } from 'vitest';
import type { TrialState__Output } from '../../common/generated/facenas/v1/TrialState.js';
import { countTrials } from './bookkeeping.js';
import type { TrialRecord } from './records.js';
import { TrialBook } from './trial-book.js';

function trial(index: number, architectureId: string, state: TrialState__Output, extra: Partial<TrialRecord> = {}): TrialRecord {
  return { id: `t${index}`, index, architecture: { id: architectureId }, state, baseline: false, reusedFrom: '', reward: null, ...extra } as TrialRecord;
}

describe('TrialBook', () => {
  it('keeps the counts equal to counting the trials again after every change', () => {
    const book = new TrialBook();
    const a = trial(0, 'A', 'TRIAL_STATE_CREATED');
    const b = trial(1, 'B', 'TRIAL_STATE_CREATED', { baseline: true });
    const c = trial(2, 'A', 'TRIAL_STATE_RUNNING', { reusedFrom: 't0' });
    for (const t of [a, b, c]) book.add(t);
    const check = () => expect(book.counts).toEqual(countTrials(book.list()));
    check();
    book.setState(a, 'TRIAL_STATE_RUNNING');
    check();
    book.setState(b, 'TRIAL_STATE_SUCCEEDED');
    book.setState(a, 'TRIAL_STATE_FAILED');
    check();
    book.setState(c, 'TRIAL_STATE_FAILED');
    check();
    expect(book.counts).toEqual({ active: 0, sampled: 2, failed: 2, succeeded: 0 });
    expect(book.summary().byState).toMatchObject({ TRIAL_STATE_FAILED: 2, TRIAL_STATE_SUCCEEDED: 1, TRIAL_STATE_RUNNING: 0, TRIAL_STATE_CREATED: 0 });
    expect(book.active()).toEqual([]);
  });

  it('names the trial that trains each architecture, forgetting a killed one', () => {
    const book = new TrialBook();
    const first = trial(0, 'A', 'TRIAL_STATE_RUNNING');
    book.add(first);
    const twin = trial(1, 'A', 'TRIAL_STATE_RUNNING', { reusedFrom: 't0' });
    book.add(twin);
    expect(book.originOf('A')).toBe(first);
    expect(book.waitingOn('t0')).toEqual([twin]);
    book.setState(twin, 'TRIAL_STATE_SUCCEEDED');
    expect(book.waitingOn('t0')).toEqual([]);
    book.setState(first, 'TRIAL_STATE_KILLED');
    expect(book.originOf('A')).toBeUndefined();
    const again = trial(2, 'A', 'TRIAL_STATE_CREATED');
    book.add(again);
    expect(book.originOf('A')).toBe(again);
  });

  it('tracks the best reward, the first of equal rewards winning, also when rebuilt from stored trials', () => {
    const book = new TrialBook();
    const [x, y, z] = [trial(0, 'A', 'TRIAL_STATE_RUNNING'), trial(1, 'B', 'TRIAL_STATE_RUNNING'), trial(2, 'C', 'TRIAL_STATE_RUNNING')];
    for (const t of [x, y, z]) book.add(t);
    expect(book.best()).toBeNull();
    book.setReward(y, 0.8);
    book.setReward(x, 0.7);
    book.setReward(z, 0.8);
    expect(book.best()).toBe(y);
    expect(new TrialBook([x, y, z]).best()).toBe(y);
  });
});
