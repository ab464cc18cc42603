import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceName } from '../../services/common/config/service-options.js';
import { readMetricsCatalog, type CatalogMetric } from '../deploy/metrics-catalog.js';
import { checkMetrics } from '../deploy/promql/promtool.js';
import { scrapeEmbeddedSystem, scrapeServedServices, type LiveMetrics, type ServedFleet } from './live-metrics.js';

// What each service answers on /metrics passes `promtool check metrics` (Prometheus' own
// parser and linter: _total counters, base units, HELP on everything), carries the
// `service` label, and matches deploy/metrics-catalog.json exactly: every cataloged
// metric is there with its type and labels, and nothing facenas exports is missing from
// the catalog (the dashboard test trusts it). The same for the embedded system's one
// registry. A broken exposition must fail promtool, or these checks would prove nothing.
// The served registries leave out Node's default metrics (test/support/served-service.ts);
// the embedded one has them, as every real `facenas serve` does.

const SERVICES: ServiceName[] = ['controller', 'dataset', 'profiler', 'trainer', 'agent'];
const catalog = readMetricsCatalog();
/** The series facenas defines itself; the rest are prom-client's Node defaults. */
const OWN = /^(facenas_|grpc_server_)/;
/** Labels Prometheus series get besides the registered ones: the default label, histogram buckets, summary quantiles. */
const IMPLICIT_LABELS = ['service', 'le', 'quantile'];
let fleet: ServedFleet | undefined;
let embedded: LiveMetrics | undefined;
beforeAll(async () => {
  fleet = await scrapeServedServices();
  embedded = await scrapeEmbeddedSystem();
}, 60_000);
afterAll(async () => {
  await fleet?.stop();
});

function live(service: ServiceName): LiveMetrics {
  if (!fleet) throw new Error('the services did not start (see beforeAll)');
  return fleet.metrics[service];
}
function embeddedMetrics(): LiveMetrics {
  if (!embedded) throw new Error('the embedded system did not start (see beforeAll)');
  return embedded;
}

/** Metrics whose registered label names or sample labels differ from the catalog's, as readable lines. */
function labelProblems(metrics: LiveMetrics, names: string[], against: CatalogMetric[] = catalog): string[] {
  return names.flatMap((name) => {
    const cataloged = against.find((m) => m.name === name);
    const registered = metrics.labelNames.get(name);
    if (!cataloged || !registered) return [`${name}: not both cataloged and registered`];
    const problems: string[] = [];
    if ([...registered].sort().join() !== [...cataloged.labels].sort().join()) problems.push(`${name}: registered labels [${registered}], catalog [${cataloged.labels}]`);
    for (const sample of metrics.families.get(name)?.samples ?? []) {
      const extra = Object.keys(sample.labels).filter((l) => !registered.includes(l) && !IMPLICIT_LABELS.includes(l));
      if (extra.length > 0) problems.push(`${sample.name}: unregistered labels ${extra}`);
    }
    return problems;
  });
}

describe.each(SERVICES)('facenas serve %s: /metrics', (service) => {
  it('passes promtool check metrics without a problem', () => {
    const metrics = live(service);
    // Not an empty answer: at least the gRPC metrics of the health RPC made before the scrape.
    expect(metrics.families.get('grpc_server_handled_total')?.samples.length ?? 0).toBeGreaterThan(0);
    const result = checkMetrics(metrics.exposition);
    expect(result.output.trim()).toBe('');
    expect(result.ok).toBe(true);
  });

  it('has every metric the catalog lists for it, with HELP and the cataloged TYPE', () => {
    const { families } = live(service);
    const expected = catalog.filter((m) => m.services.includes(service));
    expect(expected.length).toBeGreaterThan(0);
    const found = expected.map((m) => ({ name: m.name, type: families.get(m.name)?.type, hasHelp: (families.get(m.name)?.help ?? '') !== '' }));
    expect(found).toEqual(expected.map((m) => ({ name: m.name, type: m.type, hasHelp: true })));
  });

  it('exports only cataloged facenas metrics, labelled as the catalog says', () => {
    const metrics = live(service);
    const own = [...metrics.families.keys()].filter((n) => OWN.test(n));
    const uncataloged = own.filter((name) => !catalog.some((m) => m.name === name && m.services.includes(service)));
    expect(uncataloged, 'exported but not cataloged for this service').toEqual([]);
    expect(labelProblems(metrics, own)).toEqual([]);
  });

  it(`labels every series service="${service}"`, () => {
    const samples = [...live(service).families.values()].flatMap((f) => f.samples);
    expect(samples.filter((s) => s.labels.service !== service).map((s) => s.name)).toEqual([]);
  });
});

describe('the embedded system (facenas search --metrics-port): one registry for all services', () => {
  it('passes promtool check metrics, Node defaults included', () => {
    const metrics = embeddedMetrics();
    expect(metrics.families.get('process_cpu_seconds_total')?.type).toBe('counter');
    expect(metrics.families.get('nodejs_eventloop_lag_p99_seconds')?.type).toBe('gauge');
    const result = checkMetrics(metrics.exposition);
    expect(result.output.split('\n').filter((l) => l.trim() !== '')).toEqual([]);
    expect(result.ok).toBe(true);
    // prom-client's gauges named like counters are gone (registry.ts).
    expect(metrics.families.has('nodejs_active_handles_total')).toBe(false);
  });

  it('has every cataloged metric of every service, and only cataloged facenas metrics', () => {
    const metrics = embeddedMetrics();
    expect(catalog.map((m) => ({ name: m.name, type: metrics.families.get(m.name)?.type }))).toEqual(catalog.map((m) => ({ name: m.name, type: m.type })));
    const own = [...metrics.families.keys()].filter((n) => OWN.test(n));
    expect(own.filter((name) => !catalog.some((m) => m.name === name))).toEqual([]);
    expect(labelProblems(metrics, own)).toEqual([]);
  });

  it('labels every series service="embedded"', () => {
    const samples = [...embeddedMetrics().families.values()].flatMap((f) => f.samples);
    expect(samples.length).toBeGreaterThan(0);
    expect(samples.filter((s) => s.labels.service !== 'embedded').map((s) => s.name)).toEqual([]);
  });
});

describe('promtool check metrics flags', () => {
  // Broken copies of a real exposition, so the clean results above are known to mean something.
  it('a counter without the _total suffix', () => {
    const text = live('controller').exposition.replaceAll('facenas_trials_started_total', 'facenas_trials_started');
    expect(text).toMatch(/^# TYPE facenas_trials_started counter$/m);
    const result = checkMetrics(text);
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/facenas_trials_started counter metrics should have "_total" suffix/);
  });

  it('a metric with two TYPE lines', () => {
    const text = live('profiler').exposition.replace(/^(# TYPE facenas_agents_connected gauge)$/m, '$1\n$1');
    const result = checkMetrics(text);
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/second TYPE line for metric name "facenas_agents_connected"/);
  });

  it('a duration in milliseconds instead of the base unit', () => {
    const text = `${live('profiler').exposition}# HELP facenas_latency_milliseconds Bad unit.\n# TYPE facenas_latency_milliseconds gauge\nfacenas_latency_milliseconds 4\n`;
    const result = checkMetrics(text);
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/facenas_latency_milliseconds use base unit "seconds" instead of "milliseconds"/);
  });
});

describe('the catalog comparison flags', () => {
  it('a label the catalog forgot, and one the metric does not have', () => {
    const trainer = live('trainer');
    const drifted = catalog.map((m) => (m.name === 'facenas_training_images_per_second' ? { ...m, labels: [] } : m.name === 'facenas_trainer_busy' ? { ...m, labels: ['device'] } : m));
    expect(labelProblems(trainer, ['facenas_training_images_per_second', 'facenas_trainer_busy'], drifted)).toEqual([
      'facenas_training_images_per_second: registered labels [worker], catalog []',
      'facenas_trainer_busy: registered labels [], catalog [device]',
    ]);
  });
});
