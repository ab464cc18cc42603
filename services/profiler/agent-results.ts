import { FailedPreconditionError } from '../common/errors/errors.js';
import type { LayerTiming__Output } from '../common/generated/facenas/v1/LayerTiming.js';
import type { Latency__Output } from '../common/generated/facenas/v1/Latency.js';

// What an agent answers is checked before it is cached or put in a table: a NaN or
// negative latency from a broken (or hostile) agent would otherwise be served to every
// later request and turn the controller's rewards into NaN. JSON (the cache's format)
// even turns NaN into null, so the damage would outlive the agent.

function agentError(device: string, field: string, reason: string): FailedPreconditionError {
  return new FailedPreconditionError(`agent of device ${JSON.stringify(device)} answered an unusable ${field}: ${reason}`);
}

function positiveFinite(value: number): boolean {
  return Number.isFinite(value) && value > 0;
}

/** A whole-model latency: finite, median > 0, p90 ≥ median, std ≥ 0, at least one run. */
export function checkAgentLatency(latency: Latency__Output, device: string): Latency__Output {
  const { medianMs, p90Ms, meanMs, stdMs, runs } = latency;
  if (!positiveFinite(medianMs)) throw agentError(device, 'latency.median_ms', `must be a positive finite number, got ${medianMs}`);
  if (!(Number.isFinite(p90Ms) && p90Ms >= medianMs)) throw agentError(device, 'latency.p90_ms', `must be finite and at least median_ms (${medianMs}), got ${p90Ms}`);
  if (!positiveFinite(meanMs)) throw agentError(device, 'latency.mean_ms', `must be a positive finite number, got ${meanMs}`);
  if (!(Number.isFinite(stdMs) && stdMs >= 0)) throw agentError(device, 'latency.std_ms', `must be a non-negative finite number, got ${stdMs}`);
  if (!(Number.isInteger(runs) && runs >= 1)) throw agentError(device, 'latency.runs', `must be at least 1, got ${runs}`);
  return latency;
}

/**
 * The medians of the requested layer keys (others are dropped: a table holds only the
 * search space's keys); each must be finite and non-negative, as must the overhead.
 */
export function checkLayerTimings(layers: readonly LayerTiming__Output[], overheadMs: number, requested: ReadonlySet<string>, device: string): Map<string, number> {
  if (!(Number.isFinite(overheadMs) && overheadMs >= 0)) throw agentError(device, 'overhead_ms', `must be a non-negative finite number, got ${overheadMs}`);
  const timings = new Map<string, number>();
  for (const layer of layers) {
    if (!requested.has(layer.key)) continue;
    if (!(Number.isFinite(layer.medianMs) && layer.medianMs >= 0)) throw agentError(device, `layers[${JSON.stringify(layer.key)}].median_ms`, `must be a non-negative finite number, got ${layer.medianMs}`);
    timings.set(layer.key, layer.medianMs);
  }
  return timings;
}
