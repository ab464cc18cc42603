import { describe, expect, it } from 'vitest';
import { buildSearch } from './sketched-messages.js';
import type { Search__Output } from '../../common/generated/facenas/v1/Search.js';
import { MISSING } from './number-format.js';
import { describeBudget, describeRun, describeTarget } from './search-summary.js';

function withReward(search: Search__Output, reward: Partial<NonNullable<NonNullable<Search__Output['spec']>['reward']>>): Search__Output {
  return { ...search, spec: { ...search.spec!, reward: { ...search.spec!.reward!, ...reward } } };
}

describe('search summary', () => {
  const search = buildSearch({ id: 's', trials: [] });

  it('describes the training budget, leaving out unset fields', () => {
    expect(describeBudget(search.spec!.budget)).toBe('3 epochs · 64 px · batch 32 · 200 identities · lr 0.1 · softmax');
    const steps = { ...search.spec!.budget!, steps: 500, identities: 0, loss: 'LOSS_UNSPECIFIED' as const };
    expect(describeBudget(steps)).toBe('500 steps · 64 px · batch 32 · lr 0.1');
    expect(describeBudget(null)).toBe(MISSING);
  });

  it('describes the latency target and the constraint', () => {
    expect(describeTarget(search)).toBe('T = 20.0 ms on pixel-4 (soft constraint: α = β = −0.07)');
    expect(describeTarget(withReward(search, { constraint: 'REWARD_CONSTRAINT_HARD', targetLatencyMs: 8.5, device: '' }))).toBe(
      'T = 8.50 ms (hard constraint: α = 0, β = −1)',
    );
    expect(describeTarget(withReward(search, { constraint: 'REWARD_CONSTRAINT_CUSTOM', alpha: -0.1, beta: -0.5 }))).toContain(
      'custom: α = -0.1, β = -0.5',
    );
    expect(describeTarget(withReward(search, { targetLatencyMs: 0 }))).toBe('no latency target');
    expect(describeTarget(withReward(search, { targetLatencyMs: Number.NaN }))).toBe('no latency target');
  });

  it('describes when it ran', () => {
    const ran = { ...search, startedAtMs: Date.UTC(2026, 10, 2, 8, 0, 0), completedAtMs: Date.UTC(2026, 10, 2, 9, 14, 30) };
    expect(describeRun(ran)).toBe('2026-11-02 08:00:00 UTC → 2026-11-02 09:14:30 UTC (1 h 14 min)');
    expect(describeRun({ ...search, completedAtMs: 0 })).toBe('started 2026-11-02 08:00:00 UTC, not finished');
    expect(describeRun({ ...search, completedAtMs: 0, startedAtMs: 0 })).toBe('created 2026-11-02 07:59:55 UTC, not started');
    expect(describeRun({ ...search, completedAtMs: 0, startedAtMs: 0, createdAtMs: 0 })).toBe(MISSING);
  });
});
