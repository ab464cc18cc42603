// Random search: every decision uniform, independent of all results.

import { Rng } from '../../common/random/rng.js';
import type { StrategyDefinition } from './definition.js';
import { sampleDecisions, validateAskCount, validateObservations } from './decision-vectors.js';
import type { Observation, Proposal, Strategy, StrategySpace, StrategyState } from './strategy.js';
import { ToldTrials } from './told-trials.js';

type RandomSettings = Record<string, never>;

class RandomStrategy implements Strategy {
  readonly name = 'random';

  constructor(
    private readonly space: StrategySpace,
    private readonly rng: Rng,
    private readonly told: ToldTrials,
  ) {}

  async ask(k: number): Promise<Proposal[]> {
    validateAskCount(k);
    return Array.from({ length: k }, () => ({ decisions: sampleDecisions(this.space, this.rng), logProbs: [] }));
  }

  async tell(observations: readonly Observation[]): Promise<void> {
    validateObservations(observations, this.space);
    this.told.fresh(observations);
  }

  async state(): Promise<StrategyState> {
    return {
      strategy: this.name,
      version: randomStrategy.stateVersion,
      cardinalities: [...this.space.cardinalities],
      rng: this.rng.state(),
      told: this.told.list(),
      data: null,
    };
  }

  dispose(): void {}
}

export const randomStrategy: StrategyDefinition<RandomSettings> = {
  name: 'random',
  description: 'uniform random architectures (the baseline every learner must beat)',
  stateVersion: 1,
  settings: {},
  async create({ space, seed, restoreFrom }) {
    const rng = restoreFrom ? Rng.fromState(restoreFrom.rng) : new Rng(seed);
    return new RandomStrategy(space, rng, new ToldTrials(restoreFrom?.told));
  },
};
