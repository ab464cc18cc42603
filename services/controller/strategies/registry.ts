// The strategies a search can name in `spec.algorithm.name`, and the one way to
// create, validate or restore them. A new strategy is one file exporting a
// StrategyDefinition plus one entry here.

import { FailedPreconditionError, InvalidArgumentError, throwIfProblems } from '../../common/errors/errors.js';
import type { StrategyDefinition } from './definition.js';
import { evolutionStrategy } from './evolution-strategy.js';
import { randomStrategy } from './random-strategy.js';
import { reinforceStrategy } from './reinforce/reinforce-strategy.js';
import { parseSettings } from './settings.js';
import type { Strategy, StrategySpace, StrategyState } from './strategy.js';

// Each definition is typed by its own settings; the registry only hands the
// settings it parsed with a definition's schema back to that same definition.
type AnyDefinition = StrategyDefinition<unknown>;

const STRATEGIES: ReadonlyMap<string, AnyDefinition> = new Map<string, AnyDefinition>([
  [reinforceStrategy.name, reinforceStrategy],
  [evolutionStrategy.name, evolutionStrategy],
  [randomStrategy.name, randomStrategy],
]);

export function strategyNames(): string[] {
  return [...STRATEGIES.keys()];
}

/** Name, description, and each setting with its default, e.g. for `facenas search --help`. */
export function describeStrategies(): { name: string; description: string; settings: { name: string; description: string; default: unknown }[] }[] {
  return [...STRATEGIES.values()].map((d) => ({
    name: d.name,
    description: d.description,
    settings: Object.entries(d.settings as Record<string, { description: string; default: unknown }>).map(([name, s]) => ({
      name,
      description: s.description,
      default: s.default,
    })),
  }));
}

function definition(name: string): AnyDefinition {
  const found = STRATEGIES.get(name);
  if (!found) throw new InvalidArgumentError('spec.algorithm.name', `unknown strategy ${JSON.stringify(name)}; available: ${strategyNames().join(', ')}`);
  return found;
}

function resolveSettings(d: AnyDefinition, settings: Readonly<Record<string, string>>): unknown {
  const parsed: unknown = parseSettings(d.settings, settings, d.name);
  throwIfProblems(d.crossCheck?.(parsed) ?? []);
  return parsed;
}

/** Throws InvalidArgumentError(s) naming `spec.algorithm.name` or `spec.algorithm.settings.<name>`. */
export function validateStrategySettings(name: string, settings: Readonly<Record<string, string>>): void {
  resolveSettings(definition(name), settings);
}

/**
 * A strategy for `space`, fresh from `seed` or continuing exactly from
 * `restoreFrom` (a state() of the same strategy over the same space).
 */
export async function createStrategy(
  name: string,
  space: StrategySpace,
  settings: Readonly<Record<string, string>>,
  seed: number,
  restoreFrom?: StrategyState,
): Promise<Strategy> {
  const d = definition(name);
  const parsed = resolveSettings(d, settings);
  if (!Number.isSafeInteger(seed)) throw new InvalidArgumentError('spec.seed', `must be an integer, got ${seed}`);
  if (restoreFrom) {
    if (restoreFrom.strategy !== name) throw new FailedPreconditionError(`saved strategy state is for ${JSON.stringify(restoreFrom.strategy)}, not ${JSON.stringify(name)}`);
    if (restoreFrom.version !== d.stateVersion) throw new FailedPreconditionError(`saved ${name} state has version ${restoreFrom.version}; this build reads version ${d.stateVersion}`);
    const same = restoreFrom.cardinalities.length === space.cardinalities.length && restoreFrom.cardinalities.every((n, i) => n === space.cardinalities[i]);
    if (!same) throw new FailedPreconditionError(`saved ${name} state is for a different decision space (${restoreFrom.cardinalities.length} decisions)`);
  }
  try {
    return await d.create({ space, settings: parsed, seed, restoreFrom });
  } catch (err) {
    if (restoreFrom && !(err instanceof InvalidArgumentError)) {
      throw new FailedPreconditionError(`cannot restore ${name} state: ${(err as Error).message}`);
    }
    throw err;
  }
}
