import { describe, expect, it } from 'vitest';
import { faceEmbedding, l2Normalize, squaredL2Distance } from './embeddings.js';
import { countFolds, kFoldAssignment } from './folds.js';
import { top1Identification } from './identification.js';
import { pairDistances } from './pair-set.js';
import { pixelEmbedding } from './pixel-baseline.js';
import { interpolateSlinear } from './slinear-interpolation.js';
import { tarAtFar } from './tar-at-far.js';
import { thresholdGrid } from './thresholds.js';
import { verificationAccuracy } from './verification.js';

describe('embeddings', () => {
  it('normalises to unit length and leaves a zero vector at zero', () => {
    expect(Array.from(l2Normalize([3, 4]))).toEqual([0.6, 0.8]);
    expect(Array.from(l2Normalize([0, 0, 0]))).toEqual([0, 0, 0]);
  });

  it('adds the flipped embedding before normalising', () => {
    const fused = faceEmbedding([1, 0], [0, 1]);
    expect(fused[0]).toBeCloseTo(Math.SQRT1_2, 15);
    expect(fused[1]).toBeCloseTo(Math.SQRT1_2, 15);
    // Adding first matters: a large raw embedding dominates a small one.
    const weighted = faceEmbedding([3, 0], [0, 1]);
    expect(weighted[0]).toBeCloseTo(3 / Math.sqrt(10), 15);
  });

  it('measures squared L2 distance between normalised embeddings, flip included', () => {
    expect(squaredL2Distance([1, 2], [4, 6])).toBe(25);
    const [d] = pairDistances([{ a: [1, 0], aFlipped: [0, 1], b: [5, 0] }]);
    expect(d).toBeCloseTo(2 - Math.SQRT2, 14);
  });
});

describe('folds', () => {
  it('splits like KFold(shuffle=False): contiguous, first n % k folds one larger', () => {
    expect(Array.from(kFoldAssignment(10, 3))).toEqual([0, 0, 0, 0, 1, 1, 1, 2, 2, 2]);
    expect(Array.from(kFoldAssignment(4, 2))).toEqual([0, 0, 1, 1]);
  });

  it('rejects given folds with a gap', () => {
    expect(() => countFolds([0, 2, 2, 0], 4)).toThrow('fold 1 has no pairs');
    expect(countFolds([1, 0, 1, 0], 4)).toBe(2);
  });

  it('uses numpy arange grids: 400 accuracy thresholds, 4000 TAR thresholds', () => {
    const grid = thresholdGrid(0.01);
    expect(grid.length).toBe(400);
    expect(grid[399]).toBe(399 * 0.01);
    // numpy's grid point "0.70" is 70 * 0.01 = 0.7000000000000001: a distance of 0.7 passes it.
    expect(grid[70]).toBeGreaterThan(0.7);
    expect(thresholdGrid(0.001).length).toBe(4000);
  });
});

describe('k-fold verification accuracy (hand-worked, 4 pairs, 2 folds)', () => {
  // Distances sit between grid points (the grid's 70 * 0.01 is 0.7000000000000001, so a
  // distance of exactly 0.7 would already pass "0.70").
  // Fold 0 = pairs 0,1; fold 1 = pairs 2,3.
  // Held-out fold 0: training pairs (0.705 same, 1.205 diff) are both right for t in (0.705, 1.205];
  //   argmax takes the first such grid point, 0.71; test pairs 0.505 < 0.71 ✓, 1.505 ≥ 0.71 ✓ → 1.
  // Held-out fold 1: training pairs (0.505 same, 1.505 diff) → t = 0.51; test 0.705 ≥ 0.51 ✗, 1.205 ✓ → 0.5.
  const pairs = { distances: [0.505, 1.505, 0.705, 1.205], same: [true, false, true, false] };

  it('picks the first best threshold on the other folds and scores the held-out fold', () => {
    const r = verificationAccuracy(pairs, { nFolds: 2 });
    expect(r.foldAccuracies).toEqual([1, 0.5]);
    expect(r.foldThresholds[0]).toBeCloseTo(0.71, 12);
    expect(r.foldThresholds[1]).toBeCloseTo(0.51, 12);
    expect(r.accuracy).toBe(0.75);
    expect(r.std).toBe(0.25); // population std of [1, 0.5]
    expect(r.threshold).toBeCloseTo(0.61, 12);
  });

  it('uses the folds the pairs carry instead of KFold', () => {
    // Fold 0 = pairs 0 and 2 (both same), fold 1 = pairs 1 and 3 (both diff).
    // Held-out fold 0: training has only diff pairs → every t ≤ 1.205 is perfect, the first is
    //   t = 0 → the same pairs are rejected → 0. Held-out fold 1: training only same pairs →
    //   first perfect t is 0.71 → diff pairs 1.505, 1.205 are rejected → 1.
    const r = verificationAccuracy({ ...pairs, folds: [0, 1, 0, 1] });
    expect(r.foldAccuracies).toEqual([0, 1]);
    expect(r.foldThresholds[0]).toBe(0);
    expect(r.foldThresholds[1]).toBeCloseTo(0.71, 12);
  });
});

describe('TAR@FAR (hand-worked, 6 pairs, 2 folds)', () => {
  // fold 0: same 0.2, diff 1.0205, diff 2.0705; fold 1: same 1.1, diff 1.2345, diff 2.5555.
  // Held-out fold 0: training FAR is 0 up to t = 1.234 and 0.5 from t = 1.235, so FAR 0.25 is
  //   interpolated to t = 1.2345; test: same 0.2 accepted (TAR 1), diff 1.0205 accepted (FAR 0.5).
  // Held-out fold 1: training FAR steps 0 → 0.5 between t = 1.020 and 1.021 → t = 1.0205;
  //   test: same 1.1 rejected (TAR 0), both diffs rejected (FAR 0).
  const pairs = {
    distances: [0.2, 1.1, 1.0205, 1.2345, 2.0705, 2.5555],
    same: [true, true, false, false, false, false],
    folds: [0, 1, 0, 1, 0, 1],
  };

  it('interpolates the threshold on the training folds and measures the held-out fold', () => {
    const r = tarAtFar(pairs, { far: 0.25 });
    expect(r.foldThresholds[0]).toBeCloseTo(1.2345, 12);
    expect(r.foldThresholds[1]).toBeCloseTo(1.0205, 12);
    expect(r.foldTars).toEqual([1, 0]);
    expect(r.foldFars).toEqual([0.5, 0]);
    expect(r.tar).toBe(0.5);
    expect(r.tarStd).toBe(0.5);
    expect(r.far).toBe(0.25);
    expect(r.farTarget).toBe(0.25);
  });

  it('names the problem when a fold lacks same-identity pairs', () => {
    expect(() => tarAtFar({ distances: [0.1, 0.2, 1, 2], same: [true, true, false, false] }, { nFolds: 2 })).toThrow(
      /fold 0 needs both/,
    );
    expect(() => tarAtFar(pairs, { far: 0 })).toThrow('far: must be in (0, 1)');
  });
});

describe('slinear interpolation (scipy <= 1.8 semantics on repeated x)', () => {
  const xs = [0, 0, 0.5, 0.5, 1];
  const ys = [0, 1, 2, 3, 4];
  it('interpolates from the last point at or below x to the next one', () => {
    expect(interpolateSlinear(xs, ys, 0.25)).toBe(1.5); // between (0, 1) and (0.5, 2)
    expect(interpolateSlinear(xs, ys, 0)).toBe(1); // last of the plateau at 0
    expect(interpolateSlinear(xs, ys, 0.5)).toBe(3); // last of the plateau at 0.5
    expect(interpolateSlinear(xs, ys, 1)).toBe(4);
    expect(interpolateSlinear(xs, ys, 0.75)).toBe(3.5);
  });
  it('returns 0 on a zero-width final span, as de Boor does', () => {
    expect(interpolateSlinear([0, 1, 1], [5, 6, 7], 1)).toBe(0);
  });
});

describe('top-1 identification', () => {
  it('labels each probe with its most cosine-similar gallery item, first on ties', () => {
    const gallery = [
      { embedding: [1, 0], label: 'a' },
      { embedding: [0, 1], label: 'b' },
    ];
    const probes = [
      { embedding: [2, 0.1], label: 'a' }, // nearest a ✓
      { embedding: [0.1, 3], label: 'a' }, // nearest b ✗
      { embedding: [1, 1], label: 'a' }, // tie → first (a) ✓
      { embedding: [-5, 4], label: 'b' }, // cosine: a −0.78, b 0.62 → b ✓ (magnitude ignored)
    ];
    expect(top1Identification(probes, gallery)).toBe(0.75);
  });
});

describe('raw-pixel baseline', () => {
  it('centres the pixels on their mean', () => {
    expect(Array.from(pixelEmbedding(Uint8Array.from([1, 2, 3, 6])))).toEqual([-2, -1, 0, 3]);
  });
  it('ignores a brightness offset: shifted images are at distance 0', () => {
    const image = [10, 40, 20, 90];
    const brighter = image.map((v) => v + 50);
    const [d] = pairDistances([{ a: pixelEmbedding(image), b: pixelEmbedding(brighter) }]);
    expect(d).toBeCloseTo(0, 15);
  });
});
