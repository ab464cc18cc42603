// A cheap stand-in for "train the child, measure it on the device" over the real
// mobilefacenet-v1 space, so strategies can be compared over thousands of trials.
//
// accuracy: 0.8 + 0.2·sigmoid(z), z standardised over random architectures, where
//   z = Σ_t w_t(a_t)                 per-decision effects: smooth (a random quadratic
//                                      in the choice index) for ordinal decisions
//                                      (kernel, expansion, layers, width, embedding),
//                                      random per choice for categorical ones
//     + Σ_{(s,t) ∈ P} V_st[a_s, a_t]   40 random pairwise interactions
//     + κ·log(MAdds / median MAdds)    bigger networks tend to be more accurate
// latency (ms): 2 + MAdds / 1e7, MAdds from the search space's cost model at
//   112x112 (MobileFaceNet: 221 M MAdds → 24 ms, its Snapdragon 820 figure).
// Both use the canonical architecture, so decisions the network ignores (the
// expansion of a depthwise-separable block) change nothing, as in a real search.

import { Rng } from '../../services/common/random/rng.js';
import { CARDINALITIES, DECISIONS, canonicalDecisions, countMadds, decode } from '../../services/common/search-space/index.js';

const ORDINAL = new Set(['kernel', 'expansion', 'layers', 'width', 'embedding']);
const INTERACTIONS = 40;
const CAPACITY_WEIGHT = 0.6;
const LATENCY_IMAGE_SIZE = 112;

export interface StandinResult {
  accuracy: number;
  latencyMs: number;
}

export class StandinObjective {
  private readonly effects: number[][];
  private readonly pairs: { s: number; t: number; table: number[][] }[];
  private readonly medianLogMadds: number;
  private readonly zMean: number;
  private readonly zStd: number;

  constructor(seed: number) {
    const rng = new Rng(seed);
    this.effects = DECISIONS.map((d) => {
      const n = d.choices.length;
      if (!ORDINAL.has(d.name)) return Array.from({ length: n }, () => rng.normal());
      const linear = rng.normal();
      const quadratic = rng.normal();
      return Array.from({ length: n }, (_, a) => {
        const x = n === 1 ? 0 : a / (n - 1);
        return linear * x + quadratic * x * x;
      });
    });
    this.pairs = Array.from({ length: INTERACTIONS }, () => {
      const s = rng.int(CARDINALITIES.length);
      let t = rng.int(CARDINALITIES.length - 1);
      if (t >= s) t += 1;
      const table = Array.from({ length: CARDINALITIES[s] }, () => Array.from({ length: CARDINALITIES[t] }, () => 0.5 * rng.normal()));
      return { s, t, table };
    });
    const sampleRng = new Rng(seed + 1);
    const samples = Array.from({ length: 2000 }, () => CARDINALITIES.map((n) => sampleRng.int(n)));
    const logMadds = samples.map((d) => Math.log(countMadds(decode(d), LATENCY_IMAGE_SIZE))).sort((a, b) => a - b);
    this.medianLogMadds = logMadds[logMadds.length >> 1];
    const zs = samples.map((d) => this.rawScore(canonicalDecisions(d)));
    this.zMean = zs.reduce((a, b) => a + b, 0) / zs.length;
    this.zStd = Math.sqrt(zs.reduce((a, b) => a + (b - this.zMean) ** 2, 0) / zs.length);
  }

  private rawScore(canonical: readonly number[]): number {
    let z = 0;
    canonical.forEach((a, t) => (z += this.effects[t][a]));
    for (const { s, t, table } of this.pairs) z += table[canonical[s]][canonical[t]];
    const logMadds = Math.log(countMadds(decode(canonical), LATENCY_IMAGE_SIZE));
    return z + CAPACITY_WEIGHT * (logMadds - this.medianLogMadds);
  }

  evaluate(decisions: readonly number[]): StandinResult {
    const canonical = canonicalDecisions(decisions);
    const z = (this.rawScore(canonical) - this.zMean) / this.zStd;
    const madds = countMadds(decode(canonical), LATENCY_IMAGE_SIZE);
    return { accuracy: 0.8 + 0.2 / (1 + Math.exp(-z)), latencyMs: 2 + madds / 1e7 };
  }
}
