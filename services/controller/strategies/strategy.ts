// The contract between the controller and a search strategy. A strategy sees the
// search space only as integer decision vectors (one choice index per decision),
// proposes architectures with ask(), learns from rewards with tell(), and can be
// frozen into JSON with state() and resumed exactly from it.

import type { Rng, RngState } from '../../common/random/rng.js';
import type { DecisionSpace } from '../../common/search-space/space.js';

export type { DecisionSpace };

/** Changes an architecture a little; must return a valid vector of the same space. */
export type Mutation = (decisions: readonly number[], rng: Rng) => number[];

/**
 * The space as a strategy gets it. `mutate` lets a space supply a mutation that
 * knows which decisions matter (mobilefacenet-v1's `mutate` never changes an unused
 * decision); without it evolution changes one uniformly chosen decision.
 */
export interface StrategySpace extends DecisionSpace {
  readonly mutate?: Mutation;
}

export interface Proposal {
  decisions: number[];
  /** log π(decision_t | earlier decisions) for each decision; empty for non-probabilistic strategies. */
  logProbs: number[];
}

export interface Observation {
  /** Exactly as ask() proposed them (not canonicalised): they are what the policy sampled. */
  decisions: number[];
  logProbs: number[];
  /** null = the trial failed. */
  reward: number | null;
  trialId: string;
}

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Everything needed to resume a strategy exactly; plain JSON. */
export interface StrategyState {
  strategy: string;
  version: number;
  cardinalities: number[];
  rng: RngState;
  /** Trial ids already told: a repeated result is ignored (results are idempotent). */
  told: string[];
  data: JsonValue;
}

export interface Strategy {
  readonly name: string;
  /** k new architectures given everything told so far. */
  ask(k: number): Promise<Proposal[]>;
  /** Results, each for the exact architecture that earned it. Ids told before are ignored. */
  tell(observations: readonly Observation[]): Promise<void>;
  state(): Promise<StrategyState>;
  /** Frees tensors the strategy holds (the reinforce policy); the strategy is unusable after. */
  dispose(): void;
}
