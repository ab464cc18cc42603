import { describe, expect, it } from 'vitest';
import { readTrialReport } from './trial-report-input.js';

describe('reading a trainer\'s report', () => {
  it('fills what proto3 JSON may leave out and takes enum numbers and int64 strings', () => {
    expect(readTrialReport({ searchId: 's', trialId: 't', state: 2, startedAtMs: '1700000000000' })).toEqual({
      searchId: 's',
      trialId: 't',
      state: 'TRIAL_STATE_RUNNING',
      reason: '',
      metrics: null,
      modelUri: '',
      worker: '',
      delivery: 0,
      startedAtMs: 1_700_000_000_000,
      completedAtMs: 0,
      progress: null,
      retrying: false,
    });
    const done = readTrialReport({ searchId: 's', trialId: 't', state: 'TRIAL_STATE_SUCCEEDED', metrics: { verificationAccuracy: 0.9 } });
    expect(done.metrics).toMatchObject({ verificationAccuracy: 0.9, top1: 0, madds: 0 });
  });

  it('names the bad field', () => {
    expect(() => readTrialReport({ trialId: 't', state: 1 })).toThrow(/^report\.searchId: /);
    expect(() => readTrialReport({ searchId: 's', trialId: 't', state: 'TRIAL_STATE_DONE' })).toThrow(/^report\.state: /);
    expect(() => readTrialReport({ searchId: 's', trialId: 't', state: 3, metrics: { top1: 'high' } })).toThrow(/^report\.metrics\.top1: /);
    expect(() => readTrialReport({ searchId: 's', trialId: 't', state: 3, metrics: { top1: Number.NaN } })).toThrow(/^report\.metrics\.top1: /);
    expect(() => readTrialReport({ searchId: 's', trialId: 't', state: 2, delivery: -1 })).toThrow(/^report\.delivery: /);
    expect(() => readTrialReport('{"searchId":"s"}')).toThrow(/^report: /);
  });
});
