// Regularized (aging) evolution, Real et al. 2019 ("Regularized Evolution for Image
// Classifier Architecture Search", Algorithm 1): random architectures until the
// population holds P members; then each proposal is a tournament — S members drawn
// uniformly with replacement (as in the paper's code), the best reward is the parent
// (the first drawn on ties) — and the child is the parent with one decision mutated.
// Every result joins the population and the oldest member (earliest told) leaves,
// so good architectures must keep being rediscovered to survive.
//
// Parallel trials: proposals still out count toward filling the population, so
// asking 3 at a time proposes exactly P random architectures (plus replacements for
// failed ones). Failed trials are left out unless `reward_for_failed` is set.

import { InvalidArgumentError } from '../../common/errors/errors.js';
import { Rng } from '../../common/random/rng.js';
import { z } from 'zod';
import type { StrategyDefinition } from './definition.js';
import { decisionsKey, mutateOneDecision, sampleDecisions, validateAskCount, validateObservations } from './decision-vectors.js';
import { SETTINGS_FIELD, numberSetting, optionalNumberSetting } from './settings.js';
import type { Observation, Proposal, Strategy, StrategySpace, StrategyState } from './strategy.js';
import { ToldTrials } from './told-trials.js';

export interface EvolutionSettings {
  population_size: number;
  sample_size: number;
  reward_for_failed: number | null;
}

interface Member {
  decisions: number[];
  reward: number;
  trialId: string;
}

const stateData = z.object({
  population: z.array(z.object({ decisions: z.array(z.number().int()), reward: z.number(), trialId: z.string() })),
  pendingRandom: z.array(z.tuple([z.string(), z.number().int().positive()])),
});

export class EvolutionStrategy implements Strategy {
  readonly name = 'evolution';

  constructor(
    private readonly space: StrategySpace,
    private readonly settings: EvolutionSettings,
    private readonly rng: Rng,
    private readonly told: ToldTrials,
    private readonly population: Member[],
    /** Random proposals not yet told, by decisions key (a count, in case of repeats). */
    private readonly pendingRandom: Map<string, number>,
  ) {}

  async ask(k: number): Promise<Proposal[]> {
    validateAskCount(k);
    return Array.from({ length: k }, () => ({ decisions: this.propose(), logProbs: [] }));
  }

  private propose(): number[] {
    let pending = 0;
    for (const count of this.pendingRandom.values()) pending += count;
    if (this.population.length + pending < this.settings.population_size || this.population.length === 0) {
      const decisions = sampleDecisions(this.space, this.rng);
      const key = decisionsKey(decisions);
      this.pendingRandom.set(key, (this.pendingRandom.get(key) ?? 0) + 1);
      return decisions;
    }
    let parent = this.population[this.rng.int(this.population.length)];
    for (let i = 1; i < this.settings.sample_size; i++) {
      const candidate = this.population[this.rng.int(this.population.length)];
      if (candidate.reward > parent.reward) parent = candidate;
    }
    return this.space.mutate ? this.space.mutate(parent.decisions, this.rng) : mutateOneDecision(parent.decisions, this.space, this.rng);
  }

  async tell(observations: readonly Observation[]): Promise<void> {
    validateObservations(observations, this.space);
    for (const o of this.told.fresh(observations)) {
      const key = decisionsKey(o.decisions);
      const pending = this.pendingRandom.get(key);
      if (pending !== undefined) {
        if (pending > 1) this.pendingRandom.set(key, pending - 1);
        else this.pendingRandom.delete(key);
      }
      const reward = o.reward ?? this.settings.reward_for_failed;
      if (reward === null) continue;
      this.population.push({ decisions: [...o.decisions], reward, trialId: o.trialId });
      if (this.population.length > this.settings.population_size) this.population.shift();
    }
    // Once full, the random phase is over; stale entries (a result told with other
    // decisions than proposed) must not linger.
    if (this.population.length >= this.settings.population_size) this.pendingRandom.clear();
  }

  /** Members oldest first (for tests and diagnostics). */
  members(): readonly Readonly<Member>[] {
    return this.population;
  }

  async state(): Promise<StrategyState> {
    return {
      strategy: this.name,
      version: evolutionStrategy.stateVersion,
      cardinalities: [...this.space.cardinalities],
      rng: this.rng.state(),
      told: this.told.list(),
      data: {
        population: this.population.map((m) => ({ decisions: [...m.decisions], reward: m.reward, trialId: m.trialId })),
        pendingRandom: [...this.pendingRandom.entries()],
      },
    };
  }

  dispose(): void {}
}


export const evolutionStrategy: StrategyDefinition<EvolutionSettings> = {
  name: 'evolution',
  description: 'regularized (aging) evolution with tournament selection (Real et al. 2019)',
  stateVersion: 1,
  settings: {
    population_size: numberSetting('members kept (P); the oldest leaves when a result arrives', 20, { min: 2, max: 10_000, integer: true }),
    sample_size: numberSetting('tournament size (S): members drawn to pick a parent', 5, { min: 1, max: 10_000, integer: true }),
    reward_for_failed: optionalNumberSetting('reward a failed trial enters the population with; unset = failed trials are left out', {}),
  },
  crossCheck(s) {
    return s.sample_size > s.population_size
      ? [new InvalidArgumentError(`${SETTINGS_FIELD}.sample_size`, `must not exceed population_size (${s.population_size}), got ${s.sample_size}`)]
      : [];
  },
  async create({ space, settings, seed, restoreFrom }) {
    if (!restoreFrom) return new EvolutionStrategy(space, settings, new Rng(seed), new ToldTrials(), [], new Map());
    const data = stateData.parse(restoreFrom.data);
    return new EvolutionStrategy(
      space,
      settings,
      Rng.fromState(restoreFrom.rng),
      new ToldTrials(restoreFrom.told),
      data.population,
      new Map(data.pendingRandom),
    );
  },
};
