// The bridge between a search's spec and the strategy registry: which strategy, with
// which settings and seed, over the mobilefacenet-v1 space (with its own mutation, so
// evolution never spends a trial on a change that leaves the architecture the same).

import { FailedPreconditionError, InvalidArgumentError, InvalidArgumentsError } from '../../common/errors/errors.js';
import type { AlgorithmSpec__Output } from '../../common/generated/facenas/v1/AlgorithmSpec.js';
import { DECISION_SPACE, mutate } from '../../common/search-space/index.js';
import type { StrategyFactory } from '../search/ports.js';
import { createStrategy, validateStrategySettings } from './registry.js';
import type { StrategySpace, StrategyState } from './strategy.js';

export const MOBILEFACENET_STRATEGY_SPACE: StrategySpace = { ...DECISION_SPACE, mutate };

function settingsOf(algorithm: AlgorithmSpec__Output): Record<string, string> {
  return Object.fromEntries(algorithm.settings.map((s) => [s.name, s.value]));
}

function isStrategyState(value: unknown): value is StrategyState {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<StrategyState>;
  return typeof v.strategy === 'string' && typeof v.version === 'number' && Array.isArray(v.cardinalities) && Array.isArray(v.told);
}

export function registryStrategyFactory(space: StrategySpace = MOBILEFACENET_STRATEGY_SPACE): StrategyFactory {
  return {
    validate(algorithm) {
      try {
        validateStrategySettings(algorithm.name, settingsOf(algorithm));
        return [];
      } catch (err) {
        if (err instanceof InvalidArgumentsError) return [...err.problems];
        if (err instanceof InvalidArgumentError) return [err];
        throw err;
      }
    },
    async create(spec, restoreFrom) {
      if (restoreFrom !== null && restoreFrom !== undefined && !isStrategyState(restoreFrom)) {
        throw new FailedPreconditionError('the saved strategy state is not one (it lacks strategy, version, cardinalities or told)');
      }
      return createStrategy(spec.algorithm.name, space, settingsOf(spec.algorithm), spec.seed, restoreFrom ?? undefined);
    },
  };
}
