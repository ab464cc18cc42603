// What a strategy file exports so the registry can validate its settings and
// create or restore it. Adding a strategy = one file with a StrategyDefinition +
// one line in registry.ts.

import type { InvalidArgumentError } from '../../common/errors/errors.js';
import type { SettingsSchema } from './settings.js';
import type { Strategy, StrategySpace, StrategyState } from './strategy.js';

export interface StrategyContext<S> {
  space: StrategySpace;
  settings: S;
  seed: number;
  /** Already checked by the registry: same strategy name, version and cardinalities. */
  restoreFrom?: StrategyState;
}

export interface StrategyDefinition<S> {
  readonly name: string;
  readonly description: string;
  /** Version of the `data` this strategy puts in its state. */
  readonly stateVersion: number;
  readonly settings: SettingsSchema<S>;
  /** Checks between settings, after each one parsed. */
  crossCheck?(settings: S): InvalidArgumentError[];
  create(context: StrategyContext<S>): Promise<Strategy>;
}
