// Random architectures and single-decision mutations on decision vectors.

import type { Rng } from '../random/rng.js';
import { BLOCK_COUNT, BLOCK_TYPES, CARDINALITIES, blockDecisionIndex } from './space.js';
import { validateDecisions } from './validation.js';

/** Every decision uniform over its choices (not canonicalised: ds expansions stay random). */
export function sampleUniform(rng: Rng): number[] {
  return CARDINALITIES.map((n) => rng.int(n));
}

/**
 * Decision positions whose change alters the architecture: all but the expansion of a
 * depthwise-separable block, which that block does not use.
 */
export function meaningfulPositions(decisions: readonly number[]): number[] {
  const skipped = new Set<number>();
  for (let b = 0; b < BLOCK_COUNT; b++) {
    if (BLOCK_TYPES[decisions[blockDecisionIndex(b, 'type')]] === 'ds') skipped.add(blockDecisionIndex(b, 'expansion'));
  }
  return CARDINALITIES.map((_, i) => i).filter((i) => !skipped.has(i));
}

/**
 * Changes exactly one decision to a different value, chosen uniformly among the
 * positions that alter the architecture (so the id always changes), then uniformly
 * among that decision's other values.
 */
export function mutate(decisions: readonly number[], rng: Rng): number[] {
  validateDecisions(decisions);
  const position = rng.pick(meaningfulPositions(decisions));
  const offset = 1 + rng.int(CARDINALITIES[position] - 1);
  const next = [...decisions];
  next[position] = (decisions[position] + offset) % CARDINALITIES[position];
  return next;
}
