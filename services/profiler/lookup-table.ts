import { FailedPreconditionError } from '../common/errors/errors.js';

// FBNet / nn-Meter style latency lookup table: the latency of a network is predicted
// as the sum of its layer units' latencies, each timed in isolation on the device, plus
// the constant per-inference overhead of the runtime.

export interface LatencyTable {
  device: string;
  imageSize: number;
  /** Layer key → median latency of that unit alone, without the per-inference overhead (ms). */
  entries: Record<string, number>;
  /** Per-inference overhead: call bookkeeping and reading the embedding back (ms). */
  overheadMs: number;
  createdAtMs: number;
  /** Optional least-squares correction fitted on whole-network measurements (see fitCorrection). */
  correction?: LinearCorrection;
}

/** predicted = scale · Σ layers + perLayerMs · units + overhead. */
export interface LinearCorrection {
  scale: number;
  perLayerMs: number;
  /** How many measured architectures it was fitted on. */
  fittedOn: number;
}

export interface Prediction {
  totalMs: number;
  layers: { key: string; ms: number }[];
  overheadMs: number;
}

export function predictLatency(table: LatencyTable, layerKeys: readonly string[]): Prediction {
  const missing = layerKeys.filter((key) => table.entries[key] === undefined);
  if (missing.length > 0) {
    throw new FailedPreconditionError(
      `the latency table of device ${JSON.stringify(table.device)} at image size ${table.imageSize} lacks ${missing.length} layer(s) of this architecture (e.g. ${missing[0]}): calibrate again`,
    );
  }
  const layers = layerKeys.map((key) => ({ key, ms: table.entries[key] }));
  const sum = layers.reduce((acc, layer) => acc + layer.ms, 0);
  const c = table.correction;
  const totalMs = c ? c.scale * sum + c.perLayerMs * layers.length + table.overheadMs : sum + table.overheadMs;
  return { totalMs, layers, overheadMs: table.overheadMs };
}

export interface CorrectionSample {
  /** Σ table entries of the architecture's layer units. */
  layerSumMs: number;
  units: number;
  /** Measured whole-network latency minus the table's overhead. */
  measuredMs: number;
}

/**
 * Least squares for measured − overhead ≈ scale · layerSum + perLayer · units (two unknowns,
 * no intercept: the intercept is the measured overhead). Solves the 2×2 normal equations.
 */
export function fitCorrection(samples: readonly CorrectionSample[]): LinearCorrection {
  if (samples.length < 2) throw new RangeError('fitCorrection needs at least 2 samples');
  let sxx = 0;
  let sxu = 0;
  let suu = 0;
  let sxy = 0;
  let suy = 0;
  for (const s of samples) {
    sxx += s.layerSumMs * s.layerSumMs;
    sxu += s.layerSumMs * s.units;
    suu += s.units * s.units;
    sxy += s.layerSumMs * s.measuredMs;
    suy += s.units * s.measuredMs;
  }
  const det = sxx * suu - sxu * sxu;
  if (Math.abs(det) < 1e-12 * sxx * suu) throw new RangeError('fitCorrection: samples are collinear');
  return { scale: (sxy * suu - suy * sxu) / det, perLayerMs: (sxx * suy - sxu * sxy) / det, fittedOn: samples.length };
}

/** Relative error of a prediction against a measurement. */
export function relativeError(predictedMs: number, measuredMs: number): number {
  return (predictedMs - measuredMs) / measuredMs;
}
