// Summary statistics of repeated latency runs (pure).

export interface LatencySummary {
  medianMs: number;
  p90Ms: number;
  meanMs: number;
  /** Sample standard deviation (n − 1 in the denominator); 0 for a single run. */
  stdMs: number;
  runs: number;
}

/**
 * The q-quantile (0 ≤ q ≤ 1) by linear interpolation between the closest ranks of the
 * sorted sample: position (n − 1)·q — numpy's default ("linear", Hyndman–Fan type 7).
 * The median is the 0.5-quantile under this definition.
 */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) throw new RangeError('quantile of an empty sample');
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile: q must be in [0, 1], got ${q}`);
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
}

export function mean(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('mean of an empty sample');
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

/** Sample standard deviation (Bessel's n − 1): the runs are a sample of the device's latency distribution. */
export function sampleStd(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const m = mean(values);
  return Math.sqrt(values.reduce((sum, v) => sum + (v - m) ** 2, 0) / (values.length - 1));
}

/** Coefficient of variation: sample std / mean. */
export function coefficientOfVariation(values: readonly number[]): number {
  return sampleStd(values) / mean(values);
}

export function summarize(runsMs: readonly number[]): LatencySummary {
  return {
    medianMs: quantile(runsMs, 0.5),
    p90Ms: quantile(runsMs, 0.9),
    meanMs: mean(runsMs),
    stdMs: sampleStd(runsMs),
    runs: runsMs.length,
  };
}
