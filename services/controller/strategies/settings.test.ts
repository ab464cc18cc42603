import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, InvalidArgumentsError } from '../../common/errors/errors.js';
import { createStrategy, describeStrategies, strategyNames, validateStrategySettings } from './registry.js';

const space = { name: 'toy', cardinalities: [3, 2], names: ['a', 'b'] };

function problemsOf(fn: () => void): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof InvalidArgumentsError) return err.problems.map((p) => p.message);
    if (err instanceof InvalidArgumentError) return [err.message];
    throw err;
  }
  return [];
}

describe('strategy settings', () => {
  it('lists the three strategies with their settings and defaults', () => {
    expect(strategyNames().sort()).toEqual(['evolution', 'random', 'reinforce']);
    const reinforce = describeStrategies().find((s) => s.name === 'reinforce');
    expect(reinforce?.settings.map((s) => s.name)).toEqual([
      'lstm_hidden',
      'temperature',
      'tanh_constant',
      'entropy_weight',
      'baseline_decay',
      'learning_rate',
      'reward_for_failed',
    ]);
    expect(reinforce?.settings.find((s) => s.name === 'temperature')?.default).toBe(5);
  });

  it('accepts valid settings and defaults', () => {
    expect(problemsOf(() => validateStrategySettings('reinforce', { learning_rate: '0.01', lstm_hidden: '32' }))).toEqual([]);
    expect(problemsOf(() => validateStrategySettings('evolution', {}))).toEqual([]);
  });

  it('names each bad setting, all at once', () => {
    expect(problemsOf(() => validateStrategySettings('reinforce', { learning_rate: '-1', lstm_hidden: '2.5', temperature: 'hot' }))).toEqual([
      'spec.algorithm.settings.lstm_hidden: must be an integer in [1, 1024], got "2.5"',
      'spec.algorithm.settings.temperature: must be a number in (0, 1000], got "hot"',
      'spec.algorithm.settings.learning_rate: must be a number in (0, 10], got "-1"',
    ]);
    expect(problemsOf(() => validateStrategySettings('reinforce', { baseline_decay: '1' }))).toEqual([
      'spec.algorithm.settings.baseline_decay: must be a number in [0, 1), got "1"',
    ]);
    expect(problemsOf(() => validateStrategySettings('reinforce', { reward_for_failed: '' }))).toEqual([
      'spec.algorithm.settings.reward_for_failed: must be a number in (-inf, inf), got ""',
    ]);
  });

  it('rejects unknown setting names, listing the known ones', () => {
    expect(problemsOf(() => validateStrategySettings('evolution', { population: '10' }))).toEqual([
      'spec.algorithm.settings.population: unknown setting for strategy "evolution"; known: population_size, sample_size, reward_for_failed',
    ]);
    expect(problemsOf(() => validateStrategySettings('random', { seed: '1' }))).toEqual([
      'spec.algorithm.settings.seed: unknown setting for strategy "random"; known: none',
    ]);
  });

  it('checks settings against each other', () => {
    expect(problemsOf(() => validateStrategySettings('evolution', { population_size: '4', sample_size: '5' }))).toEqual([
      'spec.algorithm.settings.sample_size: must not exceed population_size (4), got 5',
    ]);
  });

  it('rejects an unknown strategy and validates before creating', async () => {
    await expect(createStrategy('bayesian', space, {}, 1)).rejects.toThrow('spec.algorithm.name: unknown strategy "bayesian"; available: reinforce, evolution, random');
    await expect(createStrategy('evolution', space, { sample_size: '0' }, 1)).rejects.toThrow('spec.algorithm.settings.sample_size');
  });
});
