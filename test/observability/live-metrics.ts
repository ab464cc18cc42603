import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Registry } from 'prom-client';
import { z } from 'zod';
import { startEmbeddedSystem } from '../../services/cli/embedded/embedded-system.js';
import type { ServiceName } from '../../services/common/config/service-options.js';
import { checkHealth } from '../../services/common/grpc/health-client.js';
import { createLogger } from '../../services/common/logging/logger.js';
import { controllerServeEntry } from '../../services/controller/serve-controller.js';
import { datasetServeEntry } from '../../services/dataset/serve-dataset.js';
import { agentServeEntry } from '../../services/profiler/agent/serve-agent.js';
import { profilerServeEntry } from '../../services/profiler/serve-profiler.js';
import { trainerServeEntry } from '../../services/trainer/serve-trainer.js';
import { seriesNames, type SeriesName } from '../deploy/metrics-catalog.js';
import { serveFromFlags, type ServedService } from '../support/served-service.js';
import { parseExposition, type MetricFamily } from './exposition.js';

// The metrics the services really export: each `facenas serve <name>` started from its
// flags, and the embedded system of `facenas search`, scraped over HTTP on their
// --metrics-port like Prometheus does. These, not deploy/metrics-catalog.json, are the
// truth the catalog and the dashboard are checked against.

export interface LiveMetrics {
  /** The /metrics text as the endpoint answered it. */
  exposition: string;
  families: Map<string, MetricFamily>;
  /**
   * Label names each metric was registered with. /metrics shows labels only on series
   * that have a value, so a metric nothing has incremented yet would look label-less.
   */
  labelNames: Map<string, string[]>;
}

/** prom-client keeps a metric's label names on the instance (not in its typings): read them checked. */
const registeredMetric = z.object({ name: z.string(), labelNames: z.array(z.string()).readonly() });

async function scrape(metricsPort: number, registry: Registry): Promise<LiveMetrics> {
  const response = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
  if (!response.ok) throw new Error(`/metrics on port ${metricsPort} answered HTTP ${response.status}`);
  const exposition = await response.text();
  const labelNames = new Map(registry.getMetricsAsArray().map((m) => registeredMetric.parse(m)).map((m) => [m.name, [...m.labelNames]]));
  return { exposition, families: parseExposition(exposition), labelNames };
}

export interface ServedFleet {
  metrics: Record<ServiceName, LiveMetrics>;
  stop(): Promise<void>;
}

/**
 * Starts all five services as `facenas serve` would (the trainer on the NATS at NATS_URL,
 * the others on their in-memory bus in a temp folder), waits until each is SERVING, makes
 * one health RPC on each so the gRPC metrics have series, and scrapes every /metrics.
 */
export async function scrapeServedServices(): Promise<ServedFleet> {
  const nats = process.env.NATS_URL;
  if (!nats) throw new Error('NATS_URL is not set: the trainer takes jobs from JetStream (test/setup/global-setup.ts sets it for vitest runs)');
  const dir = mkdtempSync(join(tmpdir(), 'facenas-live-metrics-'));
  const started: ServedService[] = [];
  const stop = async () => {
    // Dependents first: agent, trainer and controller talk to the profiler and dataset.
    for (const s of started.reverse()) await s.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const serve = async (...args: Parameters<typeof serveFromFlags>) => {
      const s = await serveFromFlags(...args);
      started.push(s);
      return s;
    };
    const profiler = await serve(profilerServeEntry, ['--data-dir', join(dir, 'profiler')]);
    const dataset = await serve(datasetServeEntry, ['--render-threads', '0']);
    const controller = await serve(controllerServeEntry, ['--profiler', profiler.address, '--data-dir', join(dir, 'controller')]);
    // The controller and the agent each start tfjs' wasm backend, which is process-global:
    // one at a time (as separate processes they never meet).
    await controller.hosted.ready;
    const served: Record<ServiceName, ServedService> = {
      profiler,
      dataset,
      controller,
      // --grace-ms 0: should the shared NATS hold a job, stopping hands it straight back.
      trainer: await serve(trainerServeEntry, ['--nats', nats, '--dataset-service', dataset.address, '--grace-ms', '0']),
      agent: await serve(agentServeEntry, ['--profiler', profiler.address, '--device', 'observability-test']),
    };
    await Promise.all(Object.values(served).map((s) => s.hosted.ready));
    const metrics = {} as Record<ServiceName, LiveMetrics>;
    for (const [name, s] of Object.entries(served) as Array<[ServiceName, ServedService]>) {
      if (s.hosted.metricsPort === null) throw new Error(`${name} serves no /metrics`);
      await checkHealth(s.address, '', { deadlineMs: 5_000 });
      metrics[name] = await scrape(s.hosted.metricsPort, s.registry);
    }
    return { metrics, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** `facenas search`'s embedded system (every service, one registry with Node's defaults), scraped once it is up. */
export async function scrapeEmbeddedSystem(): Promise<LiveMetrics> {
  const runDir = mkdtempSync(join(tmpdir(), 'facenas-live-embedded-'));
  try {
    const system = await startEmbeddedSystem({ runDir, trainers: 1, logger: createLogger('embedded', 'silent'), metricsPort: 0 });
    try {
      if (system.metricsPort === null) throw new Error('the embedded system serves no /metrics although metricsPort was given');
      await checkHealth(system.controllerAddress, '', { deadlineMs: 5_000 });
      return await scrape(system.metricsPort, system.registry);
    } finally {
      await system.stop();
    }
  } finally {
    rmSync(runDir, { recursive: true, force: true });
  }
}

/**
 * The series PromQL can select in these scrapes (histograms as _bucket, _sum, _count), each
 * with its registered labels. `service` is left out: in Kubernetes the ServiceMonitor's
 * target label overrides it (test/deploy/grafana-dashboard.test.ts).
 */
export function liveSeries(scrapes: LiveMetrics[]): Map<string, SeriesName> {
  const series = new Map<string, SeriesName>();
  for (const scrape of scrapes) {
    for (const family of scrape.families.values()) {
      const seen = family.samples.flatMap((s) => Object.keys(s.labels)).filter((l) => !['service', 'le', 'quantile'].includes(l));
      const labels = [...new Set([...(scrape.labelNames.get(family.name) ?? []), ...seen])];
      for (const s of seriesNames({ name: family.name, type: family.type, labels })) {
        const known = series.get(s.name);
        series.set(s.name, { ...s, labels: [...new Set([...(known?.labels ?? []), ...s.labels])] });
      }
    }
  }
  return series;
}
