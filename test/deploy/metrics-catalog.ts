import { readFileSync } from 'node:fs';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { z } from 'zod';

// deploy/metrics-catalog.json: the one list of metric names the services export and the
// dashboard may query. The services' own export of each name is checked elsewhere; here
// the catalog is read and expanded into the series names PromQL can use.

const metricSchema = z.strictObject({
  name: z.string().regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/, 'must be a Prometheus metric name'),
  type: z.enum(['counter', 'gauge', 'histogram', 'summary']),
  labels: z.array(z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/)),
  services: z.array(z.enum(['controller', 'dataset', 'profiler', 'trainer', 'agent'])).min(1),
  help: z.string().min(1),
});

const catalogSchema = z.strictObject({
  description: z.string(),
  nodeDefaultMetrics: z.string(),
  metrics: z.array(metricSchema).min(1),
});

export type CatalogMetric = z.infer<typeof metricSchema>;

export const METRICS_CATALOG_PATH = 'deploy/metrics-catalog.json';

export function readMetricsCatalog(path = METRICS_CATALOG_PATH): CatalogMetric[] {
  return catalogSchema.parse(JSON.parse(readFileSync(path, 'utf8'))).metrics;
}

/** A metric as PromQL sees it: one series name (histograms expose _bucket, _sum, _count) and its labels. */
export interface SeriesName {
  name: string;
  labels: string[];
  from: string;
}

/** The series names one metric family gives PromQL, with the labels each carries. */
export function seriesNames(metric: { name: string; type: string; labels: string[] }): SeriesName[] {
  if (metric.type === 'histogram') {
    return [
      { name: `${metric.name}_bucket`, labels: [...metric.labels, 'le'], from: metric.name },
      { name: `${metric.name}_sum`, labels: metric.labels, from: metric.name },
      { name: `${metric.name}_count`, labels: metric.labels, from: metric.name },
    ];
  }
  if (metric.type === 'summary') {
    return [
      { name: metric.name, labels: [...metric.labels, 'quantile'], from: metric.name },
      { name: `${metric.name}_sum`, labels: metric.labels, from: metric.name },
      { name: `${metric.name}_count`, labels: metric.labels, from: metric.name },
    ];
  }
  return [{ name: metric.name, labels: metric.labels, from: metric.name }];
}

/** The Node defaults as prom-client itself registers them (process_*, nodejs_*), with their labels. */
export async function nodeDefaultMetrics(): Promise<Array<{ name: string; type: string; labels: string[] }>> {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const metrics = await registry.getMetricsAsJSON();
  return metrics.map((m) => ({
    name: m.name,
    type: String(m.type),
    labels: [...new Set(m.values.flatMap((v) => Object.keys(v.labels)))].filter((l) => l !== 'le' && l !== 'quantile'),
  }));
}

/** Every series name the dashboard may use, besides Prometheus' own (`up`, ...). */
export async function knownSeries(catalog: CatalogMetric[]): Promise<Map<string, SeriesName>> {
  const all = [...catalog, ...(await nodeDefaultMetrics())].flatMap(seriesNames);
  return new Map(all.map((s) => [s.name, s]));
}
