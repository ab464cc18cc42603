import type { InvalidArgumentError } from '../../common/errors/errors.js';
import type { AlgorithmSpec__Output } from '../../common/generated/facenas/v1/AlgorithmSpec.js';
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
  /** Ignores trial ids told before: after a restart the runner tells every finished trial again. */
  tell(observations: StrategyObservation[]): Promise<void>;
  /** Everything needed to continue exactly after a restart (JSON-serialisable). */
  state(): Promise<unknown>;
  /** Frees what the strategy holds (the policy's tensors); it is unusable after. */
  dispose(): void;
}

export interface StrategyFactory {
  /** Problems with `spec.algorithm` (name, settings), each naming its field; empty when fine. */
  validate(algorithm: AlgorithmSpec__Output): InvalidArgumentError[];
  /** The spec's strategy, fresh or continuing exactly from a saved state(). */
  create(spec: ResolvedSearchSpec, restoreFrom: unknown): Promise<SearchStrategy>;
}

export interface ArchitectureCodec {
  /** The architecture message (id, decisions, canonical JSON, parameters, MAdds at `imageSize`). */
  fromDecisions(decisions: number[], imageSize: number): Architecture__Output;
  /** MobileFaceNet, the hand-designed baseline. */
  baselineDecisions(): number[];
}

export type RewardFunction = (accuracy: number, latencyMs: number, reward: RewardSpec__Output) => number;
