// InsightFace's threshold grids: `np.arange(0, 4, step)`; numpy fills arange as
// `start + i * step`, so the values here are bit-identical to numpy's.

/** Accuracy thresholds in verification.py's calculate_roc: 0, 0.01, ..., 3.99. */
export const ACCURACY_THRESHOLD_STEP = 0.01;
/** TAR@FAR thresholds in verification.py's calculate_val: 0, 0.001, ..., 3.999. */
export const TAR_THRESHOLD_STEP = 0.001;

export function thresholdGrid(step: number, stop = 4): Float64Array {
  if (!(step > 0) || !Number.isFinite(step)) throw new RangeError(`threshold step must be positive, got ${step}`);
  const count = Math.ceil(stop / step);
  const grid = new Float64Array(count);
  for (let i = 0; i < count; i++) grid[i] = i * step;
  return grid;
}

/**
 * For each distance, the index of the first threshold it is strictly below, i.e.
 * the pair is predicted "same" (`dist < threshold`) exactly at grid indices ≥ the
 * result. `thresholds.length` when it is below none.
 */
export function firstAcceptingThreshold(distances: ArrayLike<number>, thresholds: Float64Array): Int32Array {
  const out = new Int32Array(distances.length);
  for (let i = 0; i < distances.length; i++) {
    const d = distances[i];
    let lo = 0;
    let hi = thresholds.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (d < thresholds[mid]) hi = mid;
      else lo = mid + 1;
    }
    out[i] = lo;
  }
  return out;
}
