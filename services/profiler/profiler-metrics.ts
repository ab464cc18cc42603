import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { registerOnce } from '../common/metrics/registry.js';

export type LatencySourceLabel = 'measured' | 'cached' | 'predicted';

export interface ProfilerMetrics {
  measurements: Counter<'source'>;
  cacheHits: Counter;
  queueLength: Gauge<'device'>;
  agentsConnected: Gauge<'device'>;
  measurementSeconds: Histogram<'kind'>;
}

/** The profiler's series (registered once per registry, so two profilers in one process share them). */
export function profilerMetrics(registry: Registry): ProfilerMetrics {
  return {
    measurements: registerOnce(
      registry,
      'facenas_latency_measurements_total',
      () =>
        new Counter({
          name: 'facenas_latency_measurements_total',
          help: 'Latencies answered, by where the answer came from.',
          labelNames: ['source'],
          registers: [registry],
        }),
    ),
    cacheHits: registerOnce(
      registry,
      'facenas_latency_cache_hits_total',
      () => new Counter({ name: 'facenas_latency_cache_hits_total', help: 'MeasureLatency requests answered from the cache.', registers: [registry] }),
    ),
    queueLength: registerOnce(
      registry,
      'facenas_latency_queue_length',
      () =>
        new Gauge({ name: 'facenas_latency_queue_length', help: 'Measurement tasks waiting for an agent, by device.', labelNames: ['device'], registers: [registry] }),
    ),
    agentsConnected: registerOnce(
      registry,
      'facenas_agents_connected',
      () => new Gauge({ name: 'facenas_agents_connected', help: 'Edge agents connected, by device.', labelNames: ['device'], registers: [registry] }),
    ),
    measurementSeconds: registerOnce(
      registry,
      'facenas_latency_measurement_seconds',
      () =>
        new Histogram({
          name: 'facenas_latency_measurement_seconds',
          help: 'Time an agent took for one measurement task (dispatch to result), by task kind.',
          labelNames: ['kind'],
          buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900],
          registers: [registry],
        }),
    ),
  };
}
