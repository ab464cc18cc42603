import type { Architecture__Output } from '../../common/generated/facenas/v1/Architecture.js';
import type { RewardSpec__Output } from '../../common/generated/facenas/v1/RewardSpec.js';
import type { ResolvedSearchSpec } from '../spec/search-spec.js';

// What a search needs from the parts around it, as the runner sees them.

export interface StrategyProposal {
  decisions: number[];
  logProbs: number[];
}

export interface StrategyObservation {
  trialId: string;
  decisions: number[];
  logProbs: number[];
  /** null: the trial failed. */
  reward: number | null;
}

export interface SearchStrategy {
  ask(k: number): Promise<StrategyProposal[]>;
  tell(observations: StrategyObservation[]): Promise<void>;
  /** Everything needed to continue exactly after a restart (JSON-serialisable). */
  state(): Promise<unknown>;
}

/** Creates the spec's strategy, or restores it from a saved state. Throws INVALID_ARGUMENT for bad settings. */
export type StrategyFactory = (spec: ResolvedSearchSpec, restoreFrom: unknown | null) => Promise<SearchStrategy>;

export interface ArchitectureCodec {
  /** The architecture message (id, decisions, canonical JSON, parameters, MAdds at `imageSize`). */
  fromDecisions(decisions: number[], imageSize: number): Architecture__Output;
  /** MobileFaceNet, the hand-designed baseline. */
  baselineDecisions(): number[];
}

export type RewardFunction = (accuracy: number, latencyMs: number, reward: RewardSpec__Output) => number;
