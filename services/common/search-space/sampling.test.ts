import { describe, expect, it } from 'vitest';
import { Rng } from '../random/rng.js';
import { architectureId } from './architecture.js';
import { decode } from './encoding.js';
import { meaningfulPositions, mutate, sampleUniform } from './sampling.js';
import { CARDINALITIES, blockDecisionIndex } from './space.js';
import { validateDecisions } from './validation.js';

describe('sampleUniform', () => {
  it('is valid, deterministic per seed and covers every choice', () => {
    const a = new Rng(7);
    const b = new Rng(7);
    const seen = CARDINALITIES.map(() => new Set<number>());
    for (let i = 0; i < 300; i++) {
      const d = sampleUniform(a);
      expect(sampleUniform(b)).toEqual(d);
      validateDecisions(d);
      d.forEach((v, j) => seen[j].add(v));
    }
    expect(seen.map((s) => s.size)).toEqual([...CARDINALITIES]);
  });
});

describe('mutate', () => {
  it('changes exactly one decision, stays valid and always changes the architecture id', () => {
    const rng = new Rng(3);
    const changedPositions = new Set<number>();
    for (let i = 0; i < 1000; i++) {
      const parent = sampleUniform(rng);
      const child = mutate(parent, rng);
      validateDecisions(child);
      const diff = child.map((v, j) => (v !== parent[j] ? j : -1)).filter((j) => j >= 0);
      expect(diff).toHaveLength(1);
      changedPositions.add(diff[0]);
      expect(architectureId(decode(child))).not.toBe(architectureId(decode(parent)));
    }
    expect(changedPositions.size).toBe(37);
  });

  it('never touches the expansion of a ds block', () => {
    const d = sampleUniform(new Rng(1));
    d[blockDecisionIndex(3, 'type')] = 1;
    expect(meaningfulPositions(d)).not.toContain(blockDecisionIndex(3, 'expansion'));
    expect(meaningfulPositions(d).length).toBeLessThan(37);
  });

  it('rejects an invalid parent', () => {
    expect(() => mutate([1, 2, 3], new Rng(1))).toThrow(/decisions: must have exactly 37/);
  });
});
