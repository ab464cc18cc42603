// Integer decision vectors of an arbitrary space: checking, sampling, mutating.

import { InvalidArgumentError } from '../../common/errors/errors.js';
import type { Rng } from '../../common/random/rng.js';
import type { DecisionSpace, Observation } from './strategy.js';

export function sampleDecisions(space: DecisionSpace, rng: Rng): number[] {
  return space.cardinalities.map((n) => rng.int(n));
}

/** One decision (among those with a choice) moves to a different value, uniformly. */
export function mutateOneDecision(decisions: readonly number[], space: DecisionSpace, rng: Rng): number[] {
  const positions = space.cardinalities.flatMap((n, i) => (n > 1 ? [i] : []));
  if (positions.length === 0) return [...decisions];
  const position = rng.pick(positions);
  const n = space.cardinalities[position];
  const next = [...decisions];
  next[position] = (decisions[position] + 1 + rng.int(n - 1)) % n;
  return next;
}

export function decisionsKey(decisions: readonly number[]): string {
  return decisions.join(',');
}

/** Checks what the controller tells a strategy; fields are `observations.<i>.<field>`. */
export function validateObservations(observations: readonly Observation[], space: DecisionSpace): void {
  observations.forEach((o, i) => {
    const field = `observations.${i}`;
    if (!o.trialId) throw new InvalidArgumentError(`${field}.trialId`, 'required');
    if (o.decisions.length !== space.cardinalities.length) {
      throw new InvalidArgumentError(`${field}.decisions`, `expected ${space.cardinalities.length} decisions, got ${o.decisions.length}`);
    }
    o.decisions.forEach((d, t) => {
      const n = space.cardinalities[t];
      if (!Number.isInteger(d) || d < 0 || d >= n) {
        throw new InvalidArgumentError(`${field}.decisions.${t}`, `${space.names[t] ?? `decision ${t}`} must be an integer in [0, ${n - 1}], got ${d}`);
      }
    });
    if (o.reward !== null && !Number.isFinite(o.reward)) throw new InvalidArgumentError(`${field}.reward`, `must be finite or null (failed), got ${o.reward}`);
  });
}

export function validateAskCount(k: number): void {
  if (!Number.isInteger(k) || k < 1 || k > 10_000) throw new InvalidArgumentError('k', `must be an integer in [1, 10000], got ${k}`);
}
