import { describe, expect, it } from 'vitest';
import { Rng } from '../random/rng.js';
import { canonicalDecisions, decode, encode } from './encoding.js';
import { MOBILEFACENET } from './mobilefacenet.js';
import { sampleUniform } from './sampling.js';
import { CARDINALITIES, DECISIONS, DECISION_SPACE, blockDecisionIndex, headDecisionIndex } from './space.js';

describe('decision space', () => {
  it('has 37 decisions in the documented order with the documented cardinalities', () => {
    expect(DECISIONS).toHaveLength(37);
    expect(CARDINALITIES.slice(0, 7)).toEqual([2, 3, 4, 6, 2, 4, 3]);
    expect(CARDINALITIES.slice(35)).toEqual([2, 3]);
    expect(DECISIONS[7 * 2 + 1].path).toBe('blocks.2.kernel');
    expect(DECISIONS[36].path).toBe('head.embedding');
    expect(blockDecisionIndex(4, 'activation')).toBe(34);
    expect(headDecisionIndex('type')).toBe(35);
    expect(DECISION_SPACE.names).toEqual(DECISIONS.map((d) => d.path));
  });
});

describe('encode / decode', () => {
  it('encodes MobileFaceNet to the vector worked out by hand', () => {
    // per block: type ir=0, kernel 3=0, expansion (2→1, 4→2), layers (n−1), se no=0, width 1.0=2, prelu=1
    expect(encode(MOBILEFACENET)).toEqual([
      0, 0, 1, 4, 0, 2, 1, 0, 0, 2, 0, 0, 2, 1, 0, 0, 1, 5, 0, 2, 1, 0, 0, 2, 0, 0, 2, 1, 0, 0, 1, 1, 0, 2, 1, 0, 0,
    ]);
  });

  it('round-trips 500 random samples (decode∘encode is identity on canonical specs)', () => {
    const rng = new Rng(42);
    for (let i = 0; i < 500; i++) {
      const decisions = sampleUniform(rng);
      const spec = decode(decisions);
      const canonical = encode(spec);
      expect(decode(canonical)).toEqual(spec);
      expect(canonicalDecisions(decisions)).toEqual(canonical);
      // Only ds expansions may differ between a sample and its canonical form.
      decisions.forEach((d, j) => {
        if (d !== canonical[j]) {
          expect(DECISIONS[j].name).toBe('expansion');
          expect(spec.blocks[Math.floor(j / 7)].type).toBe('ds');
        }
      });
    }
  });

  it('derives stride and channels (MnasNet _make_divisible of base × width)', () => {
    const d = encode(MOBILEFACENET);
    d[blockDecisionIndex(0, 'width')] = 1; // 0.75 × 64 = 48
    d[blockDecisionIndex(1, 'width')] = 3; // 1.25 × 128 = 160
    d[blockDecisionIndex(2, 'width')] = 0; // 0.5 × 128 = 64
    const spec = decode(d);
    expect(spec.blocks.map((b) => b.channels)).toEqual([48, 160, 64, 128, 128]);
    expect(spec.blocks.map((b) => b.stride)).toEqual([2, 2, 1, 2, 1]);
  });
});
