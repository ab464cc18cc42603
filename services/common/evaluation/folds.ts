// Fold assignment for k-fold verification. LFW's pairs.txt carries its own folds;
// every other pair list is split like sklearn's `KFold(n_splits, shuffle=False)`,
// which InsightFace's verification.py uses: contiguous blocks in pair order, the
// first `n % k` folds one pair larger.

/** Fold index of each of `n` items, as `KFold(n_splits=k, shuffle=False)` splits them. */
export function kFoldAssignment(n: number, k: number): Int32Array {
  if (!Number.isInteger(k) || k < 2) throw new RangeError(`need at least 2 folds, got ${k}`);
  if (!Number.isInteger(n) || n < k) throw new RangeError(`cannot split ${n} items into ${k} folds`);
  const folds = new Int32Array(n);
  const base = Math.floor(n / k);
  const larger = n % k;
  let start = 0;
  for (let fold = 0; fold < k; fold++) {
    const size = base + (fold < larger ? 1 : 0);
    folds.fill(fold, start, start + size);
    start += size;
  }
  return folds;
}

/** Checks caller-given folds: integers 0..k-1, every fold used. Returns k. */
export function countFolds(folds: ArrayLike<number>, n: number): number {
  if (folds.length !== n) throw new RangeError(`folds has ${folds.length} entries for ${n} pairs`);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const f = folds[i];
    if (!Number.isInteger(f) || f < 0) throw new RangeError(`fold of pair ${i} must be a non-negative integer, got ${f}`);
    k = Math.max(k, f + 1);
  }
  const used = new Uint8Array(k);
  for (let i = 0; i < n; i++) used[folds[i]] = 1;
  const empty = used.indexOf(0);
  if (empty >= 0) throw new RangeError(`fold ${empty} has no pairs`);
  if (k < 2) throw new RangeError('need at least 2 folds');
  return k;
}
