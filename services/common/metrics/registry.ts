import { collectDefaultMetrics, Registry } from 'prom-client';

export type { Registry };

/**
 * One registry per service, with the `service` default label and Node's default
 * metrics. Embedded mode runs several services in one process: each still gets its
 * own registry so `/metrics` of one service shows only its own series.
 */
export function createServiceRegistry(service: string, options: { defaultMetrics?: boolean } = {}): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  if (options.defaultMetrics ?? true) {
    collectDefaultMetrics({ register: registry });
    // Gauges named like counters, which `promtool check metrics` rejects; the same numbers
    // remain, by type, in nodejs_active_handles / _requests / _resources.
    for (const name of MISNAMED_DEFAULT_GAUGES) registry.removeSingleMetric(name);
  }
  return registry;
}

const MISNAMED_DEFAULT_GAUGES = ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'];

/** Returns the metric already registered under `name`, or registers the one `make` builds. */
export function registerOnce<T>(registry: Registry, name: string, make: () => T): T {
  const existing = registry.getSingleMetric(name);
  return (existing as T | undefined) ?? make();
}
