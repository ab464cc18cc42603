import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../common/random/rng.js';
import { mutateOneDecision } from './decision-vectors.js';
import { EvolutionStrategy } from './evolution-strategy.js';
import { createStrategy } from './registry.js';
import type { Observation, Proposal } from './strategy.js';

const space = { name: 'toy', cardinalities: [2, 3, 4, 6, 2, 4, 3, 1, 5], names: [] };

const hamming = (a: readonly number[], b: readonly number[]) => a.reduce((n, v, i) => n + (v === b[i] ? 0 : 1), 0);
let nextId = 0;
const observe = (p: Proposal, reward: number | null): Observation => ({ ...p, reward, trialId: `t${nextId++}` });

async function evolution(settings: Record<string, string>, seed = 3): Promise<EvolutionStrategy> {
  return (await createStrategy('evolution', space, settings, seed)) as EvolutionStrategy;
}

describe('decision mutation', () => {
  it('changes exactly one decision, to a different valid value (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), (seed) => {
        const rng = new Rng(seed);
        const parent = space.cardinalities.map((n) => rng.int(n));
        const child = mutateOneDecision(parent, space, rng);
        expect(hamming(parent, child)).toBe(1);
        child.forEach((v, i) => {
          expect(Number.isInteger(v) && v >= 0 && v < space.cardinalities[i]).toBe(true);
        });
        expect(child[7]).toBe(0); // the single-choice decision never moves
      }),
      { numRuns: 300 },
    );
  });
});

describe('regularized evolution', () => {
  it('proposes random architectures until the population (counting proposals out) is full', async () => {
    const s = await evolution({ population_size: '5', sample_size: '2' });
    const first = await s.ask(3);
    await s.tell(first.map((p, i) => observe(p, i)));
    expect(s.members()).toHaveLength(3);
    const next = await s.ask(3);
    // 3 members + 2 random proposals out = 5: the third proposal is a tournament child.
    expect(Math.min(...s.members().map((m) => hamming(m.decisions, next[2].decisions)))).toBe(1);
    for (const p of next.slice(0, 2)) expect(Math.min(...s.members().map((m) => hamming(m.decisions, p.decisions)))).toBeGreaterThan(1);
  });

  it('keeps the population size and ages out the oldest member', async () => {
    const s = await evolution({ population_size: '4', sample_size: '2' });
    const ids: string[] = [];
    for (let round = 0; round < 4; round++) {
      const proposals = await s.ask(3);
      const observations = proposals.map((p, i) => observe(p, round + i / 10));
      ids.push(...observations.map((o) => o.trialId));
      await s.tell(observations);
      expect(s.members().length).toBe(Math.min(4, ids.length));
    }
    expect(s.members().map((m) => m.trialId)).toEqual(ids.slice(-4));
  });

  it('leaves failed trials out by default and scores them with reward_for_failed when set', async () => {
    const excluded = await evolution({ population_size: '4' , sample_size: '2'});
    const [a, b] = await excluded.ask(2);
    await excluded.tell([observe(a, null), observe(b, 0.7)]);
    expect(excluded.members().map((m) => m.reward)).toEqual([0.7]);

    const scored = await evolution({ population_size: '4', sample_size: '2', reward_for_failed: '0' });
    const [c, d] = await scored.ask(2);
    await scored.tell([observe(c, null), observe(d, 0.7)]);
    expect(scored.members().map((m) => m.reward)).toEqual([0, 0.7]);
  });

  it('ignores a result told twice for the same trial', async () => {
    const s = await evolution({ population_size: '4', sample_size: '2' });
    const [p] = await s.ask(1);
    const o = observe(p, 0.5);
    await s.tell([o, o]);
    await s.tell([o]);
    expect(s.members()).toHaveLength(1);
  });

  it('selects parents by tournament: bigger samples pick the best member more often', async () => {
    // Three members far apart; only A has a high reward. A child is one mutation from its parent.
    const A = [0, 0, 0, 0, 0, 0, 0, 0, 0];
    const B = [1, 1, 1, 1, 1, 1, 2, 0, 1];
    const C = [1, 2, 3, 5, 1, 3, 1, 0, 4];
    const fractionFromA = async (sampleSize: string) => {
      const s = await evolution({ population_size: '3', sample_size: sampleSize }, 9);
      await s.ask(3); // the three random slots are out...
      await s.tell([A, B, C].map((d, i) => observe({ decisions: d, logProbs: [] }, i === 0 ? 1 : 0))); // ...and filled
      const children = await s.ask(300);
      return children.filter((c) => hamming(c.decisions, A) === 1).length / children.length;
    };
    // Drawn with replacement: P(A in a sample of 3) = 1 − (2/3)³ = 0.70; of 1: 1/3.
    const withThree = await fractionFromA('3');
    const withOne = await fractionFromA('1');
    expect(withThree).toBeGreaterThan(0.62);
    expect(withThree).toBeLessThan(0.78);
    expect(withOne).toBeGreaterThan(0.26);
    expect(withOne).toBeLessThan(0.41);
  });

  it('uses the space\'s own mutation when it has one', async () => {
    const calls: number[][] = [];
    const withMutate = { ...space, mutate: (d: readonly number[]) => (calls.push([...d]), [...d]) };
    const s = await createStrategy('evolution', withMutate, { population_size: '2', sample_size: '1' }, 1);
    const first = await s.ask(2);
    await s.tell(first.map((p) => observe(p, 0.5)));
    const [child] = await s.ask(1);
    expect(calls).toHaveLength(1);
    expect(first.map((p) => p.decisions)).toContainEqual(child.decisions);
  });
});
