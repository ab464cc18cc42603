// Axis ticks at "nice" values (1, 2 or 5 times a power of ten), d3's rule, with the
// axis domain widened to whole steps so the first and last ticks sit on its ends.

// Division by a decimal step is inexact (0.55 / 0.05 = 11.000000000000002): treat
// values this close to a whole step as on it.
const STEP_TOLERANCE = 1e-9;

export interface NiceAxis {
  domain: [number, number];
  step: number;
  ticks: number[];
}

/** The nice step that cuts `span` into about `count` intervals. */
export function niceStep(span: number, count: number): number {
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const ratio = raw / power;
  // d3's thresholds: the geometric means of 1–2, 2–5 and 5–10.
  const factor = ratio >= Math.sqrt(50) ? 10 : ratio >= Math.sqrt(10) ? 5 : ratio >= Math.sqrt(2) ? 2 : 1;
  return factor * power;
}

/** Decimals needed to print every multiple of `step` exactly (0.05 → 2, 5 → 0). */
export function tickDecimals(step: number): number {
  return Math.max(0, Math.ceil(-Math.log10(step) - STEP_TOLERANCE));
}

function onStep(multiple: number, step: number): number {
  return Number((multiple * step).toFixed(tickDecimals(step)));
}

/**
 * A domain containing [lo, hi] widened to whole steps, and its ticks. `minStep`
 * keeps integer data (trial indices) from getting fractional ticks.
 */
export function niceAxis(lo: number, hi: number, count: number, minStep = 0): NiceAxis {
  if (!(hi > lo) || !Number.isFinite(lo) || !Number.isFinite(hi)) {
    throw new RangeError(`niceAxis needs finite lo < hi, got [${lo}, ${hi}]`);
  }
  const step = Math.max(niceStep(hi - lo, count), minStep);
  const first = Math.floor(lo / step + STEP_TOLERANCE);
  const last = Math.ceil(hi / step - STEP_TOLERANCE);
  const ticks = Array.from({ length: last - first + 1 }, (_, i) => onStep(first + i, step));
  return { domain: [ticks[0], ticks[ticks.length - 1]], step, ticks };
}
