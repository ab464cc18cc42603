import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { createStrategy } from '../registry.js';
import type { Observation, Strategy, StrategyState } from '../strategy.js';
import type { ReinforceStrategy } from './reinforce-strategy.js';

const space = { name: 'toy', cardinalities: [3, 2, 4, 2], names: ['a', 'b', 'c', 'd'] };
const SMALL = { lstm_hidden: '16' };

async function reinforce(settings: Record<string, string> = SMALL, seed = 5): Promise<ReinforceStrategy> {
  return (await createStrategy('reinforce', space, settings, seed)) as ReinforceStrategy;
}

let nextId = 0;
const told = (decisions: number[], reward: number | null): Observation => ({ decisions, logProbs: [], reward, trialId: `r${nextId++}` });

/** π(decision 0 = choice) under the current policy. */
async function probabilityOfFirst(s: ReinforceStrategy, choice: number): Promise<number> {
  const [logProbs] = await s.logProbabilities([[choice, 0, 0, 0]]);
  return Math.exp(logProbs[0]);
}

describe('reinforce strategy', () => {
  it('returns the log-probabilities its policy assigns to the sampled decisions', async () => {
    const s = await reinforce();
    const proposals = await s.ask(4);
    const recomputed = await s.logProbabilities(proposals.map((p) => p.decisions));
    proposals.forEach((p, i) => {
      expect(p.decisions).toHaveLength(4);
      p.decisions.forEach((d, t) => expect(d >= 0 && d < space.cardinalities[t]).toBe(true));
      p.logProbs.forEach((lp, t) => expect(lp).toBeCloseTo(recomputed[i][t], 5));
    });
    // Fresh policy, weights in ±0.1 and logits squashed by temperature 5: close to uniform.
    expect(Math.exp(proposals[0].logProbs[0])).toBeGreaterThan(0.3);
    expect(Math.exp(proposals[0].logProbs[0])).toBeLessThan(0.37);
    s.dispose();
  });

  it('raises the probability of the choice that is always better (gradient direction)', async () => {
    const s = await reinforce();
    const before = await probabilityOfFirst(s, 2);
    for (let round = 0; round < 20; round++) {
      const proposals = await s.ask(3);
      await s.tell(proposals.map((p) => told(p.decisions, p.decisions[0] === 2 ? 1 : 0.5)));
    }
    const after = await probabilityOfFirst(s, 2);
    expect(before).toBeCloseTo(1 / 3, 1);
    expect(after).toBeGreaterThan(0.6);
    s.dispose();
  });

  it('does not update on a failed trial unless reward_for_failed is set', async () => {
    const s = await reinforce();
    const [p] = await s.ask(1);
    await s.tell([told(p.decisions, 0.9)]); // sets the baseline to 0.9
    const before = await s.logProbabilities([p.decisions]);
    await s.tell([told(p.decisions, null)]);
    expect(await s.logProbabilities([p.decisions])).toEqual(before);

    const scored = await reinforce({ ...SMALL, reward_for_failed: '0' });
    await scored.tell([told(p.decisions, 0.9)]);
    const beforeFailure = await scored.logProbabilities([p.decisions]);
    await scored.tell([told(p.decisions, null)]);
    const afterFailure = await scored.logProbabilities([p.decisions]);
    // Reward 0 < baseline 0.9: the failed architecture becomes less likely.
    expect(afterFailure[0].reduce((a, b) => a + b)).toBeLessThan(beforeFailure[0].reduce((a, b) => a + b));
    s.dispose();
    scored.dispose();
  });

  it('rejects observations outside the space, naming the field', async () => {
    const s = await reinforce();
    await expect(s.tell([told([0, 2, 0, 0], 1)])).rejects.toThrow('observations.0.decisions.1: b must be an integer in [0, 1], got 2');
    await expect(s.tell([told([0, 0, 0], 1)])).rejects.toThrow('observations.0.decisions: expected 4 decisions, got 3');
    await expect(s.tell([told([0, 0, 0, 0], NaN)])).rejects.toThrow('observations.0.reward');
    await expect(s.ask(0)).rejects.toThrow('k: must be an integer');
    s.dispose();
  });

  it('holds no more tensors after ask and tell than before', async () => {
    const s = await reinforce();
    await s.tell([told([0, 0, 0, 0], 0.5)]);
    const before = tf.memory().numTensors;
    const proposals = await s.ask(3);
    await s.tell(proposals.map((p) => told(p.decisions, 0.7)));
    await s.logProbabilities([proposals[0].decisions]);
    expect(tf.memory().numTensors).toBe(before);
    s.dispose();
  });
});

describe('strategy state round trip', () => {
  async function roundTrip(name: string, settings: Record<string, string>): Promise<void> {
    const original: Strategy = await createStrategy(name, space, settings, 42);
    const first = await original.ask(3);
    await original.tell(first.map((p, i) => ({ ...p, reward: 0.5 + i / 10, trialId: `a${i}` })));
    const second = await original.ask(3);
    await original.tell(second.slice(0, 2).map((p, i) => ({ ...p, reward: 0.9 - i / 10, trialId: `b${i}` })));
    const saved: StrategyState = JSON.parse(JSON.stringify(await original.state()));
    const restored = await createStrategy(name, space, settings, 999, saved);
    expect(await restored.state()).toEqual(saved);
    // Same proposals, then the same learning from the same results, then the same proposals.
    const nextOriginal = await original.ask(3);
    expect(await restored.ask(3)).toEqual(nextOriginal);
    const results = nextOriginal.map((p, i) => ({ ...p, reward: 0.3 * i, trialId: `c${i}` }));
    await original.tell(results);
    await restored.tell(results);
    expect(await restored.ask(3)).toEqual(await original.ask(3));
    // A trial told before the save is not learned from again after the restore.
    await restored.tell([{ ...first[0], reward: 5, trialId: 'a0' }]);
    await original.tell([{ ...first[0], reward: 5, trialId: 'a0' }]);
    expect(await restored.state()).toEqual(await original.state());
    original.dispose();
    restored.dispose();
  }

  it('reinforce resumes exactly (weights, Adam moments, baseline, rng)', () => roundTrip('reinforce', SMALL));
  it('evolution resumes exactly (population, pending proposals, rng)', () => roundTrip('evolution', { population_size: '4', sample_size: '2' }));
  it('random resumes exactly (rng)', () => roundTrip('random', {}));

  it('refuses a state of another strategy or space', async () => {
    const s = await createStrategy('random', space, {}, 1);
    const state = await s.state();
    await expect(createStrategy('evolution', space, {}, 1, state)).rejects.toThrow('saved strategy state is for "random", not "evolution"');
    await expect(createStrategy('random', { ...space, cardinalities: [3, 2] }, {}, 1, state)).rejects.toThrow('different decision space');
    const r = await createStrategy('reinforce', space, SMALL, 1);
    const reinforceState = await r.state();
    r.dispose();
    await expect(createStrategy('reinforce', space, { lstm_hidden: '8' }, 1, reinforceState)).rejects.toThrow('cannot restore reinforce state');
  });
});
