import { describe, expect, it } from 'vitest';
import { dashboardPanels, dashboardQueries, readDashboard } from './grafana-dashboard.js';
import { knownSeries, readMetricsCatalog, type SeriesName } from './metrics-catalog.js';
import { checkExpressions } from './promql/promtool.js';
import { promqlReferences, substituteGrafanaVariables } from './promql/promql-references.js';

// Every query of deploy/grafana/facenas.json parses (promtool, i.e. Prometheus' own
// parser) and names only metrics and labels that exist: the catalog's, prom-client's Node
// defaults, and what Prometheus adds itself.

/** Series Prometheus makes itself, per target. */
const PROMETHEUS_SERIES = new Map<string, SeriesName>([['up', { name: 'up', labels: [], from: 'prometheus' }]]);
/**
 * Labels every scraped series gets from its target: `job` and `instance` in every setup.
 * Not `service`: the services set it themselves, but in Kubernetes the ServiceMonitor's
 * target label `service` (the Service name) wins and theirs becomes `exported_service`.
 */
const TARGET_LABELS = ['job', 'instance'];

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

  it('covers search progress, rewards, durations, throughput, queue vs trainers, latency and gRPC errors', () => {
    const exprs = queries.map((q) => q.expr);
    const some = (pattern: RegExp) => exprs.some((e) => pattern.test(e));
    expect(some(/rate\(facenas_trials_started_total/)).toBe(true);
    expect(some(/rate\(facenas_trials_completed_total/)).toBe(true);
    expect(some(/by \(reason\) \(rate\(facenas_trials_failed_total/)).toBe(true);
    expect(some(/max by \(strategy\) \(facenas_search_best_reward\)/)).toBe(true);
    expect(some(/histogram_quantile\(0\.9, sum by \(le\) \(rate\(facenas_trial_duration_seconds_bucket/)).toBe(true);
    expect(some(/sum by \(instance\) \(facenas_training_images_per_second\)/)).toBe(true);
    const queuePanel = dashboardPanels(dashboard).find((p) => p.title === 'Queue lag vs trainers');
    expect(queuePanel?.targets?.map((t) => t.expr)).toEqual(['max(facenas_trial_queue_pending)', 'count(up{job="facenas-trainer"} == 1) or vector(0)']);
    expect(some(/facenas_latency_cache_hits_total.*\/.*facenas_latency_measurements_total/)).toBe(true);
    expect(some(/grpc_server_handled_total\{grpc_code!="OK"\}.*\/.*grpc_server_handled_total\[/)).toBe(true);
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
