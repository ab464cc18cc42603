// The interpolation verification.py's calculate_val uses to turn a target FAR into
// a threshold: `scipy.interpolate.interp1d(far, thresholds, kind='slinear')(target)`.
// That is a degree-1 B-spline with knots [x0, x0..xn-1, xn-1]; with repeated x
// (FAR is a step function of the threshold, so plateaus are the rule) scipy picks
// the segment that starts at the LAST x ≤ target and ends at the next x, and
// evaluates it with de Boor's formula. Reproduced here operation for operation.

/**
 * `xs` non-decreasing, `xs[0] ≤ x ≤ xs[last]`. A zero-width final segment (x equal
 * to a repeated maximum) evaluates to 0, as scipy's de Boor step does.
 */
export function interpolateSlinear(xs: ArrayLike<number>, ys: ArrayLike<number>, x: number): number {
  const n = xs.length;
  if (n < 2 || ys.length !== n) throw new RangeError('need at least two points and as many ys as xs');
  if (!(x >= xs[0] && x <= xs[n - 1])) throw new RangeError(`${x} is outside [${xs[0]}, ${xs[n - 1]}]`);
  // First i ≥ 1 with xs[i] > x, capped at n - 1 (scipy's find_interval).
  let right = 1;
  while (right < n - 1 && xs[right] <= x) right++;
  const xa = xs[right - 1];
  const xb = xs[right];
  if (xb === xa) return 0;
  const w = 1 / (xb - xa);
  return ys[right - 1] * (w * (xb - x)) + ys[right] * (w * (x - xa));
}
