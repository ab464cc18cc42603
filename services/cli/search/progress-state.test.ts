import { describe, expect, it } from 'vitest';
import type { SearchEvent__Output } from '../../common/generated/facenas/v1/SearchEvent.js';
import type { Trial__Output } from '../../common/generated/facenas/v1/Trial.js';
import { applyEvent, eventLine, initialProgress, progressBar, statusLine, summarize } from './progress-state.js';

const trial = (id: string, over: Partial<Trial__Output> = {}): Trial__Output =>
  ({ id, state: 'TRIAL_STATE_RUNNING', reward: 0, hasReward: false, accuracy: 0, baseline: false, reason: '', worker: 'trainer-0', reusedFrom: '', latency: null, metrics: null, ...over }) as Trial__Output;

const event = (kind: SearchEvent__Output['kind'], over: Partial<SearchEvent__Output> = {}): SearchEvent__Output =>
  ({ searchId: 's', seq: 1, timeMs: 0, kind, search: null, trial: null, progress: null, trials: [], message: '', ...over }) as SearchEvent__Output;

const search = { id: 's', state: 'SEARCH_STATE_RUNNING', startedAtMs: 1_000, spec: { maxTrials: 3, includeBaseline: true } } as never;

describe('progress state', () => {
  it('folds a snapshot and events into counts, the best trial and an ETA', () => {
    let s = initialProgress(0);
    s = applyEvent(s, event('SEARCH_EVENT_KIND_SNAPSHOT', { search, trials: [trial('t0', { state: 'TRIAL_STATE_SUCCEEDED', hasReward: true, reward: 0.8 }), trial('t1')] }));
    s = applyEvent(s, event('SEARCH_EVENT_KIND_TRIAL_PROGRESS', { trial: trial('t1'), progress: { epoch: 1, epochs: 3, step: 10, steps: 30, loss: 2.5 } as never }));
    expect(s.running.has('t1')).toBe(true);
    // 1 of 4 trials done 60 s after the start: 3 more take ~180 s.
    expect(summarize(s, 61_000)).toEqual({ done: 1, total: 4, etaMs: 180_000 });
    s = applyEvent(s, event('SEARCH_EVENT_KIND_TRIAL_COMPLETED', { trial: trial('t1', { state: 'TRIAL_STATE_SUCCEEDED', hasReward: true, reward: 0.9 }) }));
    expect(s.running.has('t1')).toBe(false);
    expect(s.best?.id).toBe('t1');
    expect(statusLine(s, 61_000)).toMatch(/^\[##########----------\] 2\/4 trials · ETA 1 min 00 s · best t1: reward 0.9000/);
    s = applyEvent(s, event('SEARCH_EVENT_KIND_SEARCH_COMPLETED', { search: { ...(search as object), state: 'SEARCH_STATE_SUCCEEDED' } as never }));
    expect(s.finished).toBe(true);
  });

  it('formats bars and event lines', () => {
    expect(progressBar(1, 4, 8)).toBe('[##------]');
    expect(eventLine(event('SEARCH_EVENT_KIND_TRIAL_FAILED', { trial: trial('t2', { state: 'TRIAL_STATE_FAILED', reason: 'invalid job: x' }) }))).toBe('t2 failed: invalid job: x');
    expect(eventLine(event('SEARCH_EVENT_KIND_TRIAL_PROGRESS', { trial: trial('t2') }))).toBeNull();
  });
});
