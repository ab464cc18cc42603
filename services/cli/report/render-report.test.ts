import { describe, expect, it } from 'vitest';
import { REALISTIC_FRONT_IDS, REALISTIC_POINT_COUNT, realisticReportInput } from '../../../test/report/report-fixtures.js';
import { attribute, markCentre, openingTags, pathVertices, svgByClass, trialMarks } from '../../../test/report/markup-queries.js';
import { paretoFront } from '../../controller/pareto/pareto-front.js';
import type { Trial__Output } from '../../common/generated/facenas/v1/Trial.js';
import type { ReportInput } from './report-input.js';
import { renderReport } from './render-report.js';
import { buildSearch, buildTrial, trialId } from './sketched-messages.js';

const GENERATED = Date.UTC(2026, 0, 1);

function singleSearch(trials: Trial__Output[], paretoTrialIds: string[] = [], targetLatencyMs?: number): ReportInput {
  const search = buildSearch({ id: 'search-1', trials, targetLatencyMs });
  return { generatedAtMs: GENERATED, searches: [{ search, trials, paretoTrialIds }] };
}

function scatterOf(report: string): string {
  const svg = svgByClass(report, 'scatter');
  if (svg === undefined) throw new Error('no scatter in the report');
  return svg;
}

describe('renderReport: scatter', () => {
  const input = realisticReportInput();
  const report = renderReport(input);
  const scatter = scatterOf(report);

  it('the fixture front is the true Pareto front of its points', () => {
    const { trials } = input.searches[0];
    const points = trials
      .filter((t) => t.hasReward)
      .map((t) => ({ id: t.id, accuracy: t.accuracy, latencyMs: t.latency!.medianMs }));
    expect(paretoFront(points).map((p) => p.id)).toEqual(REALISTIC_FRONT_IDS);
  });

  it('has exactly one point per completed trial', () => {
    const marks = trialMarks(scatter);
    expect(marks).toHaveLength(REALISTIC_POINT_COUNT);
    const ids = marks.map((m) => attribute(m, 'data-trial'));
    expect(new Set(ids).size).toBe(REALISTIC_POINT_COUNT);
    for (const failedOrKilled of [3, 7, 10].map(trialId)) expect(ids).not.toContain(failedOrKilled);
  });

  it('counts the failed and killed trials in the caption', () => {
    expect(report).toContain('10 completed trials plotted, 4 on the Pareto front. Not plotted: 2 failed, 1 killed.');
  });

  it('draws the Pareto step line through every front point, in latency order', () => {
    const front = openingTags(scatter, 'path').find((t) => attribute(t, 'class') === 'pareto-front');
    expect(front).toBeDefined();
    expect(attribute(front!, 'data-trials')?.split(' ')).toEqual(REALISTIC_FRONT_IDS);
    const vertices = pathVertices(attribute(front!, 'd')!);
    expect(vertices).toHaveLength(2 * REALISTIC_FRONT_IDS.length - 1);
    const marks = trialMarks(scatter);
    const centres = REALISTIC_FRONT_IDS.map((id) => markCentre(marks.find((m) => attribute(m, 'data-trial') === id)!));
    for (const centre of centres) expect(vertices).toContainEqual(centre);
    // Front points get faster-to-slower left to right and more accurate bottom to top.
    const xs = centres.map(([x]) => x);
    const ys = centres.map(([, y]) => y);
    expect([...xs].sort((a, b) => a - b)).toEqual(xs);
    expect([...ys].sort((a, b) => b - a)).toEqual(ys);
  });

  it('marks the baseline distinctly and draws the latency target', () => {
    const baseline = trialMarks(scatter).filter((m) => attribute(m, 'class')?.split(' ').includes('baseline'));
    expect(baseline.map((m) => attribute(m, 'data-trial'))).toEqual([trialId(0)]);
    expect(baseline[0].startsWith('<path')).toBe(true);
    const target = openingTags(scatter, 'line').filter((t) => attribute(t, 'class') === 'latency-target');
    expect(target.map((t) => attribute(t, 'data-latency-ms'))).toEqual(['20']);
    expect(scatter).toContain('T = 20.0 ms');
  });

  it('places a slower trial to the right and a more accurate one higher', () => {
    const marks = trialMarks(scatter);
    const at = (index: number) => markCentre(marks.find((m) => attribute(m, 'data-trial') === trialId(index))!);
    const [fast, slow] = [at(5), at(8)]; // 8.1 ms / 75.2 %, 34.2 ms / 87.4 %
    expect(slow[0]).toBeGreaterThan(fast[0]);
    expect(slow[1]).toBeLessThan(fast[1]);
  });
});

describe('renderReport: safety', () => {
  it('never lets a user-provided string through unescaped', () => {
    const evilId = '<script>alert("trial")</script>';
    const trials = [
      buildTrial('s', { index: 0, id: evilId, accuracy: 0.8, latencyMs: 10 }),
      { ...buildTrial('s', { index: 1, accuracy: 0.7, latencyMs: 12 }), reusedFrom: '<img src=x onerror=alert(2)>' },
    ];
    const search = buildSearch({
      id: '"><svg onload=alert(3)>',
      name: '</title><script>alert(4)</script>',
      dataset: 'folder:/data/<b>faces</b>',
      strategy: '<iframe>',
      trials,
    });
    const report = renderReport({ title: '<h1>x</h1>', generatedAtMs: GENERATED, searches: [{ search, trials, paretoTrialIds: [evilId] }] });
    for (const raw of ['<script', '<img', '<svg onload', '<iframe', '<b>faces', '<h1>x']) expect(report).not.toContain(raw);
    expect(report).toContain('&lt;script&gt;alert(&quot;trial&quot;)&lt;/script&gt;');
    expect(report).toContain('folder:/data/&lt;b&gt;faces&lt;/b&gt;');
    expect(trialMarks(scatterOf(report)).map((m) => attribute(m, 'data-trial'))).toContain(
      '&lt;script&gt;alert(&quot;trial&quot;)&lt;/script&gt;',
    );
  });

  it('fetches nothing: no external src or href, a CSP that forbids fetches, no script', () => {
    const input = realisticReportInput();
    input.searches[0].search.spec!.dataset = 'https://example.org/faces/lfw.bin';
    const report = renderReport(input);
    expect(report).not.toMatch(/\b(?:src|href|xlink:href)\s*=\s*["']?\s*(?:https?:)?\/\//i);
    expect(report).not.toMatch(/url\(\s*["']?(?:https?:)?\/\//i);
    expect(report).not.toMatch(/@import/i);
    expect(report).not.toMatch(/<(?:script|link|img|iframe)\b/i);
    expect(report).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
    // The URI itself is shown, as text.
    expect(report).toContain('<dd>https://example.org/faces/lfw.bin</dd>');
    expect(renderReport(realisticReportInput())).not.toMatch(/https?:/);
  });

  it('is deterministic', () => {
    const first = renderReport(realisticReportInput());
    expect(renderReport(realisticReportInput())).toBe(first);
    expect(renderReport(structuredClone(realisticReportInput()))).toBe(first);
  });
});

describe('renderReport: edge cases', () => {
  it('says so when no trial has completed, instead of drawing empty axes', () => {
    const trials = [buildTrial('s', { index: 0, state: 'TRIAL_STATE_RUNNING' }), buildTrial('s', { index: 1, state: 'TRIAL_STATE_FAILED' })];
    const report = renderReport(singleSearch(trials));
    expect(svgByClass(report, 'scatter')).toBeUndefined();
    expect(svgByClass(report, 'rewards')).toBeUndefined();
    expect(report).toContain('No completed trials yet');
    expect(report).toContain('No rewarded trials yet');
    expect(report).toContain('0 completed trials plotted, 0 on the Pareto front. Not plotted: 1 failed, 1 still queued or running.');
    expect(report).toContain('best trial</dt><dd>none yet');
  });

  it('handles no trials and no searches at all', () => {
    expect(renderReport(singleSearch([]))).toContain('No completed trials yet');
    expect(renderReport({ generatedAtMs: GENERATED, searches: [] })).toContain('This report holds no searches.');
  });

  it('plots a single trial, and trials of equal latency, on finite axes', () => {
    const one = renderReport(singleSearch([buildTrial('s', { index: 0, accuracy: 0.8, latencyMs: 10 })], [trialId(0)]));
    expect(trialMarks(scatterOf(one))).toHaveLength(1);
    const equal = [0, 1, 2].map((index) => buildTrial('s', { index, accuracy: 0.7 + index * 0.05, latencyMs: 15 }));
    const tied = renderReport(singleSearch(equal, [trialId(2)], 15));
    expect(trialMarks(scatterOf(tied))).toHaveLength(3);
    const xs = new Set(trialMarks(scatterOf(tied)).map((m) => markCentre(m)[0]));
    expect(xs.size).toBe(1);
    for (const report of [one, tied]) expect(report).not.toMatch(/NaN|Infinity/);
  });

  it('leaves out the target line when the search has no latency target', () => {
    const trials = [buildTrial('s', { index: 0, accuracy: 0.8, latencyMs: 10 })];
    const input = singleSearch(trials);
    input.searches[0].search.spec!.reward = null;
    const report = renderReport(input);
    expect(scatterOf(report)).not.toContain('latency-target');
    expect(report).toContain('latency target</dt><dd>no latency target');
    expect(trialMarks(scatterOf(report))).toHaveLength(1);
  });

  it('shows a trial with NaN metrics as a dash and counts it as not plotted', () => {
    const good = buildTrial('s', { index: 0, accuracy: 0.8, latencyMs: 10 });
    const nan: Trial__Output = {
      ...buildTrial('s', { index: 1, accuracy: 0.7, latencyMs: 12 }),
      accuracy: Number.NaN,
      metrics: null,
      latency: null,
      architecture: { id: '', space: '', decisions: [], json: '{broken', parameters: Number.NaN, madds: 0 },
    };
    const report = renderReport(singleSearch([good, nan]));
    expect(trialMarks(scatterOf(report))).toHaveLength(1);
    expect(report).toContain('Not plotted: 1 completed without accuracy or latency.');
    const row = /<tr data-trial="trial-0001">[\s\S]*?<\/tr>/.exec(report)?.[0] ?? '';
    expect(row).toContain('architecture unavailable');
    expect(row.match(/<td class="num">—<\/td>/g)).toHaveLength(4); // accuracy, latency, params, MAdds
    expect(report).not.toMatch(/NaN|Infinity/);
  });
});

describe('renderReport: several searches', () => {
  it('draws one reward series per search with a legend, and a section each', () => {
    const a = realisticReportInput().searches[0];
    const bTrials = [0, 1, 2].map((index) => buildTrial('search-evo', { index, accuracy: 0.7 + index * 0.04, latencyMs: 12 + index }));
    const b = { search: buildSearch({ id: 'search-evo', strategy: 'evolution', trials: bTrials }), trials: bTrials, paretoTrialIds: [] };
    const report = renderReport({ generatedAtMs: GENERATED, searches: [a, b] });
    const rewards = svgByClass(report, 'rewards')!;
    const series = openingTags(rewards, 'g').filter((t) => attribute(t, 'class') === 'reward-series');
    expect(series.map((t) => attribute(t, 'data-search'))).toEqual(['search-7f3a', 'search-evo']);
    expect(openingTags(rewards, 'path').filter((t) => attribute(t, 'class') === 'running-best')).toHaveLength(2);
    expect(report).toContain('reinforce · search-7f3a (10 rewarded trials, best ');
    expect(report).toContain('evolution · search-evo (3 rewarded trials, best ');
    expect(openingTags(report, 'section').filter((t) => attribute(t, 'class') === 'search')).toHaveLength(2);
    expect(report).toContain('<title>facenas search report</title>');
  });
});
