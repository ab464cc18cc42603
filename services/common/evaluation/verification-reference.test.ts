// Compares the TypeScript protocol with an independent numpy reimplementation of
// InsightFace's verification.py (reference/verification_reference.py) on random
// embeddings. Needs python3 with numpy: a missing numpy is a failure, not a skip.

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Rng } from '../random/rng.js';
import { pairDistances, type EmbeddingPair } from './pair-set.js';
import { tarAtFar } from './tar-at-far.js';
import { verificationAccuracy } from './verification.js';

const SCRIPT = fileURLToPath(new URL('./reference/verification_reference.py', import.meta.url));
const INSTALL_HINT = 'the reference test needs python3 with numpy: apt-get install python3-numpy (or set FACENAS_PYTHON to a python that has numpy)';

function python(): string {
  if (process.env.FACENAS_PYTHON) return process.env.FACENAS_PYTHON;
  return existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
}

interface ReferenceResult {
  distances: number[];
  accuracy: number;
  std: number;
  threshold: number;
  foldAccuracies: number[];
  foldThresholds: number[];
  tar: number;
  tarStd: number;
  far: number;
  tarThresholds: number[];
}

function runReference(request: object): ReferenceResult {
  const exe = python();
  const probe = spawnSync(exe, ['-c', 'import numpy'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) throw new Error(`${INSTALL_HINT} (${exe}: ${probe.error?.message ?? probe.stderr.trim()})`);
  const run = spawnSync(exe, [SCRIPT], { input: JSON.stringify(request), encoding: 'utf8', maxBuffer: 64 << 20 });
  if (run.status !== 0) throw new Error(`reference failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as ReferenceResult;
}

/** Pairs whose same-identity members are noisy copies, so thresholds fall mid-range. */
function randomPairs(rng: Rng, n: number, dim: number, withFlip: boolean): { pairs: EmbeddingPair[]; same: boolean[] } {
  const vector = (): number[] => Array.from({ length: dim }, () => rng.normal());
  const near = (v: number[], noise: number): number[] => v.map((x) => x + noise * rng.normal());
  const pairs: EmbeddingPair[] = [];
  const same: boolean[] = [];
  for (let i = 0; i < n; i++) {
    const isSame = rng.next() < 0.5;
    const a = vector();
    const b = isSame ? near(a, 0.9) : vector();
    pairs.push(withFlip ? { a, b, aFlipped: near(a, 0.3), bFlipped: near(b, 0.3) } : { a, b });
    same.push(isSame);
  }
  return { pairs, same };
}

function compare(pairs: EmbeddingPair[], same: boolean[], folds: number[] | undefined, far: number, ref: ReferenceResult): void {
  const distances = pairDistances(pairs);
  distances.forEach((d, i) => expect(Math.abs(d - ref.distances[i])).toBeLessThan(1e-12));
  const acc = verificationAccuracy({ distances, same, folds });
  const tar = tarAtFar({ distances, same, folds }, { far });
  const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThan(1e-9);
  close(acc.accuracy, ref.accuracy);
  close(acc.std, ref.std);
  close(acc.threshold, ref.threshold);
  expect(acc.foldAccuracies.length).toBe(ref.foldAccuracies.length);
  acc.foldAccuracies.forEach((a, i) => close(a, ref.foldAccuracies[i]));
  acc.foldThresholds.forEach((t, i) => close(t, ref.foldThresholds[i]));
  close(tar.tar, ref.tar);
  close(tar.tarStd, ref.tarStd);
  close(tar.far, ref.far);
  tar.foldThresholds.forEach((t, i) => close(t, ref.tarThresholds[i]));
}

const toRequest = (pairs: EmbeddingPair[], same: boolean[], folds: number[] | null, far: number, withFlip: boolean) => ({
  emb1: pairs.map((p) => Array.from(p.a)),
  emb2: pairs.map((p) => Array.from(p.b)),
  flip1: withFlip ? pairs.map((p) => Array.from(p.aFlipped ?? [])) : null,
  flip2: withFlip ? pairs.map((p) => Array.from(p.bFlipped ?? [])) : null,
  issame: same,
  folds,
  nFolds: 10,
  far,
});

describe('verification against the numpy reference of InsightFace verification.py', () => {
  it('matches on KFold splits of an uneven pair count (603 pairs), FAR 1e-3', () => {
    const { pairs, same } = randomPairs(new Rng(11), 603, 12, false);
    const ref = runReference(toRequest(pairs, same, null, 1e-3, false));
    expect(ref.accuracy).toBeGreaterThan(0.6); // the data is informative, not a degenerate case
    expect(ref.accuracy).toBeLessThan(0.99);
    compare(pairs, same, undefined, 1e-3, ref);
  });

  it('matches with flip-added embeddings, pair-given shuffled folds and FAR 1e-2', () => {
    const rng = new Rng(12);
    const { pairs, same } = randomPairs(rng, 500, 8, true);
    const folds = rng.shuffle(Array.from({ length: 500 }, (_, i) => i % 10));
    const ref = runReference(toRequest(pairs, same, folds, 1e-2, true));
    compare(pairs, same, folds, 1e-2, ref);
  });
});
