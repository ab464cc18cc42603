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
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });
  return registry;
}

/** Returns the metric already registered under `name`, or registers the one `make` builds. */
export function registerOnce<T>(registry: Registry, name: string, make: () => T): T {
  const existing = registry.getSingleMetric(name);
  return (existing as T | undefined) ?? make();
}
