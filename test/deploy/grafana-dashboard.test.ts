import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveSeries, scrapeEmbeddedSystem, scrapeServedServices, type ServedFleet } from '../observability/live-metrics.js';
import { dashboardPanels, dashboardQueries, readDashboard } from './grafana-dashboard.js';
import { knownSeries, readMetricsCatalog, type SeriesName } from './metrics-catalog.js';
import { checkExpressions } from './promql/promtool.js';
import { promqlReferences, substituteGrafanaVariables } from './promql/promql-references.js';

// Every query of deploy/grafana/facenas.json parses (promtool, i.e. Prometheus' own
// parser) and names only metrics and labels that exist: the catalog's, prom-client's Node
// defaults, and what Prometheus adds itself; and, from the services' own /metrics (all five
// served, and the embedded system with its Node defaults), that they really export them.
// The panels the operators need are each there, with the queries that answer the need.

/** Series Prometheus makes itself, per target. */
const PROMETHEUS_SERIES = new Map<string, SeriesName>([['up', { name: 'up', labels: [], from: 'prometheus' }]]);
/**
 * Labels every scraped series gets from its target: `job` and `instance` in every setup.
 * Not `service`: the services set it themselves, but in Kubernetes the ServiceMonitor's
 * target label `service` (the Service name) wins and theirs becomes `exported_service`.
 */
const TARGET_LABELS = ['job', 'instance'];

/** What an operator needs to see, the panel that shows it, and the queries it must hold. */
const REQUIRED_PANELS: Array<{ need: string; title: string; type: string; exprs: RegExp[] }> = [
  {
    need: 'search progress: trials by state over time',
    title: 'Trials per minute',
    type: 'timeseries',
    exprs: [/^sum\(rate\(facenas_trials_started_total\[/, /^sum\(rate\(facenas_trials_completed_total\[/, /^sum by \(reason\) \(rate\(facenas_trials_failed_total\[/],
  },
  { need: 'best reward per strategy', title: 'Best reward per strategy', type: 'timeseries', exprs: [/^max by \(strategy\) \(facenas_search_best_reward\)$/] },
  {
    need: 'trial duration quantiles',
    title: 'Trial duration',
    type: 'timeseries',
    exprs: ['0.5', '0.9', '0.99'].map((q) => new RegExp(`^histogram_quantile\\(${q.replace('.', '\\.')}, sum by \\(le\\) \\(rate\\(facenas_trial_duration_seconds_bucket\\[`)),
  },
  { need: 'training throughput per trainer', title: 'Training throughput per trainer', type: 'timeseries', exprs: [/^sum by \(instance\) \(facenas_training_images_per_second\)$/] },
  {
    need: 'queue lag vs trainer count',
    title: 'Queue lag vs trainers',
    type: 'timeseries',
    exprs: [/^max\(facenas_trial_queue_pending\)$/, /^count\(up\{job="facenas-trainer"\} == 1\)/],
  },
  { need: 'latency measurements', title: 'Latency answers by source', type: 'timeseries', exprs: [/^sum by \(source\) \(rate\(facenas_latency_measurements_total\[/] },
  {
    need: 'latency cache hit ratio',
    title: 'Latency cache hit ratio',
    type: 'timeseries',
    exprs: [/^sum\(rate\(facenas_latency_cache_hits_total\[[^\]]+\]\)\) \/ sum\(rate\(facenas_latency_measurements_total\[/],
  },
  { need: 'agents connected (now)', title: 'Agents connected', type: 'stat', exprs: [/^sum\(facenas_agents_connected\)/] },
  { need: 'agents connected per device over time', title: 'Agents and queued measurements per device', type: 'timeseries', exprs: [/^sum by \(device\) \(facenas_agents_connected\)$/] },
  {
    need: 'gRPC error rates',
    title: 'gRPC error ratio',
    type: 'timeseries',
    exprs: [/^sum by \(job, grpc_service\) \(rate\(grpc_server_handled_total\{grpc_code!="OK"\}\[[^\]]+\]\)\) \/ sum by \(job, grpc_service\) \(rate\(grpc_server_handled_total\[/],
  },
  { need: 'gRPC errors by status code', title: 'gRPC errors by code', type: 'timeseries', exprs: [/^sum by \(grpc_code\) \(rate\(grpc_server_handled_total\{grpc_code!="OK"\}\[/] },
];

const dashboard = readDashboard();
const queries = dashboardQueries(dashboard);
const catalog = readMetricsCatalog();

/** What is wrong with the names in one expression; empty when every name exists. */
function nameProblems(expr: string, series: Map<string, SeriesName>): string[] {
  const refs = promqlReferences(expr);
  const problems: string[] = [];
  const labelsInScope = new Set([...TARGET_LABELS]);
  for (const selector of refs.selectors) {
    const known = series.get(selector.metric);
    if (!known) {
      problems.push(`unknown metric ${selector.metric}`);
      continue;
    }
    known.labels.forEach((l) => labelsInScope.add(l));
    for (const label of selector.matcherLabels) {
      if (!known.labels.includes(label) && !TARGET_LABELS.includes(label)) problems.push(`${selector.metric} has no label ${label}`);
    }
  }
  for (const label of refs.groupingLabels) if (!labelsInScope.has(label)) problems.push(`no metric in the expression has label ${label}`);
  return problems;
}

describe('the Grafana dashboard', () => {
  it('has queries, each on the ${DS_PROMETHEUS} datasource variable', () => {
    expect(queries.length).toBeGreaterThanOrEqual(20);
    expect(queries.filter((q) => q.datasourceUid !== '${DS_PROMETHEUS}').map((q) => q.panelTitle)).toEqual([]);
    expect(dashboard.templating.list).toContainEqual(expect.objectContaining({ name: 'DS_PROMETHEUS', type: 'datasource', query: 'prometheus' }));
  });

  it('parses every query with promtool', () => {
    const result = checkExpressions(queries.map((q) => ({ record: `dashboard:panel_${q.panelId}_${q.refId}`, expr: substituteGrafanaVariables(q.expr) })));
    expect(result.output).toMatch(new RegExp(`SUCCESS: ${queries.length} rules found`));
    expect(result.ok).toBe(true);
  });

  it('names only cataloged metrics, Node defaults and Prometheus series, with their labels', async () => {
    const series = new Map([...(await knownSeries(catalog)), ...PROMETHEUS_SERIES]);
    const problems = queries.flatMap((q) => nameProblems(q.expr, series).map((p) => `${q.panelTitle} ${q.refId}: ${p}`));
    expect(problems).toEqual([]);
  });

  it('shows every cataloged metric somewhere', () => {
    const used = new Set(queries.flatMap((q) => promqlReferences(q.expr).selectors.map((s) => s.metric.replace(/_(bucket|sum|count)$/, ''))));
    expect(catalog.map((m) => m.name).filter((name) => !used.has(name))).toEqual([]);
  });

  it.each(REQUIRED_PANELS)('$need: a $type panel $title', ({ title, type, exprs }) => {
    const panel = dashboardPanels(dashboard).find((p) => p.title === title);
    expect(panel?.type).toBe(type);
    const targets = (panel?.targets ?? []).map((t) => t.expr);
    expect(exprs.filter((pattern) => !targets.some((e) => pattern.test(e))).map(String), `targets: ${targets.join(' | ')}`).toEqual([]);
  });

  it('compares queue lag with the trainers up and the trials they train', () => {
    const queuePanel = dashboardPanels(dashboard).find((p) => p.title === 'Queue lag vs trainers');
    expect(queuePanel?.targets?.map((t) => t.expr)).toEqual(['max(facenas_trial_queue_pending)', 'count(up{job="facenas-trainer"} == 1) or vector(0)', 'sum(facenas_trainer_busy)']);
  });

  it('lays panels out without overlaps and with unique ids', () => {
    const panels = dashboardPanels(dashboard) as Array<{ id: number; gridPos?: { x: number; y: number; w: number; h: number } }>;
    expect(new Set(panels.map((p) => p.id)).size).toBe(panels.length);
    const boxes = panels.map((p) => p.gridPos).filter((g): g is NonNullable<typeof g> => g !== undefined);
    for (const [i, a] of boxes.entries()) {
      expect(a.x + a.w).toBeLessThanOrEqual(24);
      for (const b of boxes.slice(i + 1)) {
        const overlap = a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
        expect(overlap, `${JSON.stringify(a)} overlaps ${JSON.stringify(b)}`).toBe(false);
      }
    }
  });
});

describe('the Grafana dashboard against the metrics the services really export', () => {
  let fleet: ServedFleet | undefined;
  let live: Map<string, SeriesName> | undefined;
  beforeAll(async () => {
    fleet = await scrapeServedServices();
    live = new Map([...liveSeries([...Object.values(fleet.metrics), await scrapeEmbeddedSystem()]), ...PROMETHEUS_SERIES]);
  }, 60_000);
  afterAll(async () => {
    await fleet?.stop();
  });

  it('names only metrics and labels some service exports on /metrics', () => {
    if (!live) throw new Error('the services did not start (see beforeAll)');
    expect(live.has('facenas_trials_completed_total') && live.has('process_cpu_seconds_total')).toBe(true);
    const series = live;
    const problems = queries.flatMap((q) => nameProblems(q.expr, series).map((p) => `${q.panelTitle} ${q.refId}: ${p}`));
    expect(problems).toEqual([]);
  });
});

describe('the dashboard checks reject', () => {
  it('an expression Prometheus cannot parse', () => {
    const result = checkExpressions([
      { record: 'dashboard:ok', expr: 'sum(rate(facenas_trials_started_total[5m]))' },
      { record: 'dashboard:broken', expr: 'sum(rate(facenas_trials_started_total[5m])' },
    ]);
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/unclosed left parenthesis|unexpected end of input/);
  });

  it('a misspelt metric, a label the metric lacks, and grouping by a label nothing has', async () => {
    const series = await knownSeries(catalog);
    expect(nameProblems('sum(rate(facenas_trials_startd_total[5m]))', series)).toEqual(['unknown metric facenas_trials_startd_total']);
    expect(nameProblems('sum(facenas_search_best_reward{reason="x"})', series)).toEqual(['facenas_search_best_reward has no label reason']);
    expect(nameProblems('sum by (device) (rate(facenas_trials_failed_total[5m]))', series)).toEqual(['no metric in the expression has label device']);
    expect(nameProblems('histogram_quantile(0.9, sum by (le, kind) (rate(facenas_latency_measurement_seconds_bucket[5m])))', series)).toEqual([]);
  });

  it('a Grafana variable Prometheus would receive unexpanded', () => {
    expect(substituteGrafanaVariables('rate(x[$__rate_interval]) + increase(x[$__range])')).toBe('rate(x[5m]) + increase(x[1h])');
    expect(() => substituteGrafanaVariables('x{job="$job"}')).toThrow(/unknown Grafana variable \$job/);
  });
});

describe('promqlReferences', () => {
  it('separates metrics from functions, aggregations, keywords and labels', () => {
    expect(
      promqlReferences('sum by (job, grpc_service) (rate(grpc_server_handled_total{grpc_code!="OK"}[5m])) / on (job) group_left sum(rate(x_total[1m] offset 5m)) or vector(0) > bool 1e3'),
    ).toEqual({
      selectors: [
        { metric: 'grpc_server_handled_total', matcherLabels: ['grpc_code'] },
        { metric: 'x_total', matcherLabels: [] },
      ],
      groupingLabels: ['job', 'grpc_service', 'job'],
    });
  });
});
