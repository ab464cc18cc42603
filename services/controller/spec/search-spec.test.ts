import { describe, expect, it } from 'vitest';
import { InvalidArgumentsError } from '../../common/errors/errors.js';
import type { SearchSpec__Output } from '../../common/generated/facenas/v1/SearchSpec.js';
import { resolveSearchSpec } from './search-spec.js';

function spec(overrides: Partial<SearchSpec__Output> = {}): SearchSpec__Output {
  return {
    name: '',
    dataset: '',
    budget: null,
    algorithm: null,
    objective: 'OBJECTIVE_UNSPECIFIED',
    reward: { constraint: 'REWARD_CONSTRAINT_UNSPECIFIED', alpha: 0, beta: 0, targetLatencyMs: 20, device: 'pixel', allowPredictedLatency: false, imageSize: 0 },
    maxTrials: 0,
    parallelTrials: 0,
    maxFailedTrials: 0,
    seed: 7,
    includeBaseline: false,
    earlyStopping: false,
    space: '',
    ...overrides,
  };
}

function problemsOf(input: SearchSpec__Output): string[] {
  try {
    resolveSearchSpec(input);
  } catch (err) {
    if (err instanceof InvalidArgumentsError) return err.problems.map((p) => p.field);
    return [(err as { field: string }).field];
  }
  return [];
}

describe('resolveSearchSpec', () => {
  it('fills the documented defaults', () => {
    const resolved = resolveSearchSpec(spec());
    expect(resolved.maxTrials).toBe(12);
    expect(resolved.parallelTrials).toBe(3);
    expect(resolved.algorithm.name).toBe('reinforce');
    expect(resolved.budget).toMatchObject({ epochs: 3, imageSize: 64, batchSize: 32, loss: 'LOSS_SOFTMAX' });
    expect(resolved.objective).toBe('OBJECTIVE_VERIFICATION');
    expect(resolved.reward.constraint).toBe('REWARD_CONSTRAINT_SOFT');
    expect(resolved.reward.imageSize).toBe(112);
    expect(resolved.seed).toBe(7);
    expect(resolved.space).toBe('mobilefacenet-v1');
  });

  it('never runs more parallel trials than trials', () => {
    expect(resolveSearchSpec(spec({ maxTrials: 2, parallelTrials: 5 })).parallelTrials).toBe(2);
  });

  it('names every bad field at once, in proto (snake_case) names', () => {
    const fields = problemsOf(
      spec({
        maxTrials: 1_000_000_000,
        parallelTrials: -1,
        budget: { epochs: 0, steps: -5, imageSize: 50, identities: 0, batchSize: 5000, learningRate: -1, warmupEpochs: 0, loss: 'LOSS_UNSPECIFIED', flip: false },
        reward: { constraint: 'REWARD_CONSTRAINT_SOFT', alpha: 0, beta: 0, targetLatencyMs: 0, device: '', allowPredictedLatency: false, imageSize: 0 },
      }),
    );
    expect(fields).toEqual(
      expect.arrayContaining([
        'spec.max_trials',
        'spec.parallel_trials',
        'spec.budget.steps',
        'spec.budget.image_size',
        'spec.budget.batch_size',
        'spec.budget.learning_rate',
        'spec.reward.target_latency_ms',
        'spec.reward.device',
      ]),
    );
  });

  it('rejects unknown enum values and unknown spaces', () => {
    expect(problemsOf(spec({ objective: 9 as unknown as 'OBJECTIVE_TOP1' }))).toEqual(['spec.objective']);
    expect(problemsOf(spec({ space: 'resnet' }))).toEqual(['spec.space']);
    expect(problemsOf(spec({ dataset: 'http://x' }))).toEqual(['spec.dataset']);
    expect(problemsOf(spec({ name: 'has.dot' }))).toEqual(['spec.name']);
  });

  it('checks custom exponents and refuses them for soft/hard', () => {
    const custom = spec({ reward: { constraint: 'REWARD_CONSTRAINT_CUSTOM', alpha: -0.1, beta: Number.NaN, targetLatencyMs: 10, device: 'd', allowPredictedLatency: false, imageSize: 0 } });
    expect(problemsOf(custom)).toEqual(['spec.reward.beta']);
    const soft = spec({ reward: { constraint: 'REWARD_CONSTRAINT_SOFT', alpha: -0.2, beta: 0, targetLatencyMs: 10, device: 'd', allowPredictedLatency: false, imageSize: 0 } });
    expect(problemsOf(soft)).toEqual(['spec.reward.alpha']);
  });

  it('rejects a missing spec', () => {
    expect(() => resolveSearchSpec(null)).toThrow('spec: required');
  });
});
