// The span of the data an axis must show, with a margin so no point sits on the
// frame, and a made-up width where all values are equal (one trial, equal latencies).

export interface ExtentOptions {
  /** Extra values the axis must reach (the latency target T). */
  include?: readonly number[];
  /** Margin on each side as a fraction of the span. */
  padFraction: number;
  /** Bounds the padded extent may not cross (accuracy stays in [0, 1]). */
  clamp?: readonly [number, number];
}

/** [lo, hi] with lo < hi around the finite values, or undefined when there are none. */
export function dataExtent(values: readonly number[], options: ExtentOptions): [number, number] | undefined {
  const finite = [...values, ...(options.include ?? [])].filter(Number.isFinite);
  if (finite.length === 0) return undefined;
  const min = Math.min(...finite);
  const max = Math.max(...finite);
  const pad = max > min ? (max - min) * options.padFraction : Math.abs(min) * 0.1 || 1;
  const [floor, ceiling] = options.clamp ?? [-Infinity, Infinity];
  const lo = Math.max(floor, min - pad);
  const hi = Math.min(ceiling, max + pad);
  return hi > lo ? [lo, hi] : [min - pad, max + pad];
}
