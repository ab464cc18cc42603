import { describe, expect, it } from 'vitest';
import { Rng } from '../../common/random/rng.js';
import { arcfaceTemplate } from './arcface-template.js';
import { applySimilarity, estimateSimilarity, invertSimilarity, similarityScale } from './similarity-transform.js';

/** Reference: least squares over (a, b, tx, ty) by the 4x4 normal equations, solved by Gaussian elimination. */
function normalEquationsFit(src: ArrayLike<number>, dst: ArrayLike<number>): number[] {
  const ata = Array.from({ length: 4 }, () => new Array(4).fill(0));
  const atb = new Array(4).fill(0);
  for (let i = 0; i < src.length; i += 2) {
    const [x, y] = [src[i], src[i + 1]];
    const rows = [
      [[x, -y, 1, 0], dst[i]],
      [[y, x, 0, 1], dst[i + 1]],
    ] as const;
    for (const [row, target] of rows) {
      for (let r = 0; r < 4; r++) {
        atb[r] += row[r] * target;
        for (let c = 0; c < 4; c++) ata[r][c] += row[r] * row[c];
      }
    }
  }
  for (let col = 0; col < 4; col++) {
    for (let r = col + 1; r < 4; r++) {
      const f = ata[r][col] / ata[col][col];
      for (let c = col; c < 4; c++) ata[r][c] -= f * ata[col][c];
      atb[r] -= f * atb[col];
    }
  }
  const x = new Array(4).fill(0);
  for (let r = 3; r >= 0; r--) {
    let s = atb[r];
    for (let c = r + 1; c < 4; c++) s -= ata[r][c] * x[c];
    x[r] = s / ata[r][r];
  }
  return x;
}

describe('estimateSimilarity', () => {
  it('recovers an exact similarity (rotation 30°, scale 1.7, shift (5, -3))', () => {
    const t = { a: 1.7 * Math.cos(Math.PI / 6), b: 1.7 * Math.sin(Math.PI / 6), tx: 5, ty: -3 };
    const src = arcfaceTemplate(112);
    const fit = estimateSimilarity(src, applySimilarity(t, src));
    expect(fit.a).toBeCloseTo(t.a, 10);
    expect(fit.b).toBeCloseTo(t.b, 10);
    expect(fit.tx).toBeCloseTo(5, 9);
    expect(fit.ty).toBeCloseTo(-3, 9);
    expect(similarityScale(fit)).toBeCloseTo(1.7, 10);
  });

  it('matches the normal-equations least-squares fit on noisy points', () => {
    const rng = new Rng(3);
    for (let trial = 0; trial < 20; trial++) {
      const src = Float64Array.from({ length: 10 }, () => rng.uniform(0, 100));
      const dst = Float64Array.from({ length: 10 }, () => rng.uniform(0, 100));
      const fit = estimateSimilarity(src, dst);
      const [a, b, tx, ty] = normalEquationsFit(src, dst);
      expect(fit.a).toBeCloseTo(a, 8);
      expect(fit.b).toBeCloseTo(b, 8);
      expect(fit.tx).toBeCloseTo(tx, 6);
      expect(fit.ty).toBeCloseTo(ty, 6);
    }
  });

  it('maps the template onto itself scaled by size/112', () => {
    const fit = estimateSimilarity(arcfaceTemplate(112), arcfaceTemplate(64));
    expect(fit.a).toBeCloseTo(64 / 112, 12);
    expect(fit.b).toBeCloseTo(0, 12);
    expect(fit.tx).toBeCloseTo(0, 10);
  });

  it('inverts: t⁻¹(t(p)) = p', () => {
    const t = { a: 0.8, b: -0.3, tx: 12, ty: 7 };
    const p = [3, 4, -10, 20];
    const back = applySimilarity(invertSimilarity(t), applySimilarity(t, p));
    back.forEach((v, i) => expect(v).toBeCloseTo(p[i], 12));
  });

  it('rejects degenerate input', () => {
    expect(() => estimateSimilarity([1, 1, 1, 1], [0, 0, 1, 1])).toThrow(/coincide/);
    expect(() => estimateSimilarity([1, 2], [3, 4])).toThrow(/≥2 points/);
  });
});
