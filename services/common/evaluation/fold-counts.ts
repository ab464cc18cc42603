// Per-fold acceptance counts over a threshold grid. A pair is accepted ("same")
// at threshold t when `dist < t`, as in verification.py; counting once per fold
// and summing folds gives every (train folds, threshold) count that calculate_roc
// and calculate_val recompute pair by pair, with identical integers.

import { firstAcceptingThreshold } from './thresholds.js';

export interface FoldCounts {
  thresholds: Float64Array;
  /** sameAccepted[fold][k]: same-identity pairs of the fold accepted at thresholds[k]. */
  sameAccepted: Int32Array[];
  diffAccepted: Int32Array[];
  sameTotal: Int32Array;
  diffTotal: Int32Array;
}

export function foldCounts(
  distances: ArrayLike<number>,
  same: ArrayLike<boolean>,
  folds: ArrayLike<number>,
  foldCount: number,
  thresholds: Float64Array,
): FoldCounts {
  const size = thresholds.length;
  const sameAccepted = Array.from({ length: foldCount }, () => new Int32Array(size + 1));
  const diffAccepted = Array.from({ length: foldCount }, () => new Int32Array(size + 1));
  const sameTotal = new Int32Array(foldCount);
  const diffTotal = new Int32Array(foldCount);
  const first = firstAcceptingThreshold(distances, thresholds);
  for (let i = 0; i < first.length; i++) {
    const f = folds[i];
    if (same[i]) {
      sameAccepted[f][first[i]]++;
      sameTotal[f]++;
    } else {
      diffAccepted[f][first[i]]++;
      diffTotal[f]++;
    }
  }
  // Histogram of "first accepting index" → accepted count at each threshold.
  for (let f = 0; f < foldCount; f++) {
    for (let k = 1; k < size; k++) {
      sameAccepted[f][k] += sameAccepted[f][k - 1];
      diffAccepted[f][k] += diffAccepted[f][k - 1];
    }
  }
  return {
    thresholds,
    sameAccepted: sameAccepted.map((c) => c.subarray(0, size)),
    diffAccepted: diffAccepted.map((c) => c.subarray(0, size)),
    sameTotal,
    diffTotal,
  };
}

/** Counts summed over every fold except `heldOut` (the training folds). */
export function trainingCounts(counts: FoldCounts, heldOut: number): { same: Int32Array; diff: Int32Array; sameTotal: number; diffTotal: number } {
  const size = counts.thresholds.length;
  const same = new Int32Array(size);
  const diff = new Int32Array(size);
  let sameTotal = 0;
  let diffTotal = 0;
  for (let f = 0; f < counts.sameTotal.length; f++) {
    if (f === heldOut) continue;
    sameTotal += counts.sameTotal[f];
    diffTotal += counts.diffTotal[f];
    for (let k = 0; k < size; k++) {
      same[k] += counts.sameAccepted[f][k];
      diff[k] += counts.diffAccepted[f][k];
    }
  }
  return { same, diff, sameTotal, diffTotal };
}
