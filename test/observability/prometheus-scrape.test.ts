import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { z } from 'zod';
import { afterAll, describe, expect, it } from 'vitest';
import type { Trial__Output } from '../../services/common/generated/facenas/v1/Trial.js';
import { readRunFolder } from '../../services/cli/search/run-folder.js';
import { promtool } from '../deploy/promql/promtool.js';
import { ROOT, spawnLogged, type LoggedProcess } from '../support/logged-process.js';
import { prometheusBinary, startPrometheus, type PrometheusServer, type QuerySeries } from './prometheus-server.js';

// A real Prometheus, on deploy/prometheus/prometheus.yml with its targets pointed at a
// tiny `facenas search --metrics-port` (the embedded system serves every service's
// metrics on that one port, so every job scrapes it), scraping each second. What
// Prometheus stored must agree with the run folder: every sample of
// facenas_trials_completed_total counts exactly the trials trials.jsonl says had
// completed by then, and facenas_trials_started_total ends at the trials that started.
// `--linger 6` keeps the endpoint up after the run folder is written, so the final
// values are scraped too (several times, however fast the search itself was).

const FACENAS = join(ROOT, 'bin/facenas.js');
const CONFIG_PATH = 'deploy/prometheus/prometheus.yml';
const TINY = ['--dataset', 'synthetic:identities=8,images=8,size=32,eval_identities=10,eval_images=4', '--epochs', '1', '--batch-size', '8', '--image-size', '32', '--latency-size', '32'];
// The random strategy: this test is about metrics, not about a strategy's own state.
const SEARCH = [...TINY, '--trials', '2', '--target-ms', '5', '--seed', '3', '--strategy', 'random', '--metrics-port', '0', '--linger', '6'];
/**
 * A sample is stamped when its scrape starts and read before the scrape times out, so it
 * counts the trials completed between those two instants (completedAtMs is set where the
 * counter is incremented). A few ms more either way for Prometheus' timestamp alignment.
 */
const SCRAPE_INTERVAL = '1s';
const SCRAPE_TIMEOUT_MS = 1_000;
const ALIGNMENT_MS = 50;
const COMPLETED = ['TRIAL_STATE_SUCCEEDED', 'TRIAL_STATE_EARLYSTOPPED'];

const configSchema = z.looseObject({
  global: z.looseObject({ scrape_interval: z.string() }),
  scrape_configs: z.array(z.looseObject({ job_name: z.string(), static_configs: z.array(z.looseObject({ targets: z.array(z.string()) })) })),
});

/** The repository's scrape config, same jobs and structure, every target rewritten to `target`, scraping each second. */
function scrapeConfigFor(target: string): string {
  const config = configSchema.parse(parse(readFileSync(CONFIG_PATH, 'utf8')));
  return stringify({
    ...config,
    global: { ...config.global, scrape_interval: SCRAPE_INTERVAL, scrape_timeout: `${SCRAPE_TIMEOUT_MS}ms`, evaluation_interval: SCRAPE_INTERVAL },
    scrape_configs: config.scrape_configs.map((job) => ({ ...job, static_configs: job.static_configs.map((s) => ({ ...s, targets: [target] })) })),
  });
}

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

/** Starts the search; resolves with the process and the metrics port it printed. */
async function startSearch(runDir: string): Promise<{ proc: LoggedProcess; port: number; stdout: () => string }> {
  // NATS_URL '' keeps the search on its in-memory bus even where the test environment has NATS.
  const proc = spawnLogged(process.execPath, [FACENAS, 'search', ...SEARCH, '--out', runDir], { NATS_URL: '' });
  cleanups.push(() => proc.kill('SIGKILL'));
  let stdout = '';
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`facenas search printed no metrics port in 60 s:\n${stdout}`)), 60_000);
    proc.child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = / metrics :(\d+)\/metrics/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    proc.child.on('exit', (code) => reject(new Error(`facenas search exited (${code}) before serving metrics:\n${stdout}`)));
  });
  return { proc, port, stdout: () => stdout };
}

/** Samples of a trial counter that disagree with the trials' completion times (see SCRAPE_TIMEOUT_MS). */
function counterMismatches(samples: Array<[number, number]>, completedAt: number[]): Array<{ t: number; v: number; allowed: [number, number] }> {
  const completedBy = (t: number) => completedAt.filter((c) => c <= t).length;
  return samples
    .map(([t, v]) => ({ t, v, allowed: [completedBy(t - ALIGNMENT_MS), completedBy(t + SCRAPE_TIMEOUT_MS + ALIGNMENT_MS)] as [number, number] }))
    .filter(({ v, allowed }) => v < allowed[0] || v > allowed[1]);
}

function single(series: QuerySeries[], what: string): QuerySeries {
  if (series.length !== 1) throw new Error(`expected one series of ${what}, got ${JSON.stringify(series)}`);
  return series[0]!;
}

describe('Prometheus scraping facenas search', () => {
  it('the adapted scrape config keeps every job and passes promtool', () => {
    const dir = mkdtempSync(join(tmpdir(), 'facenas-scrape-config-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'prometheus.yml');
    const text = scrapeConfigFor('127.0.0.1:9999');
    writeFileSync(file, text);
    const result = promtool(['check', 'config', file]);
    expect(result.output, text).toMatch(/SUCCESS/);
    expect(result.ok).toBe(true);
    const jobs = configSchema.parse(parse(text)).scrape_configs;
    expect(jobs.map((j) => j.job_name)).toEqual(configSchema.parse(parse(readFileSync(CONFIG_PATH, 'utf8'))).scrape_configs.map((j) => j.job_name));
    expect(jobs.flatMap((j) => j.static_configs.flatMap((s) => s.targets))).toEqual(jobs.map(() => '127.0.0.1:9999'));
  });

  it('stores the trial counters as the run folder has them', async () => {
    prometheusBinary(); // before the search: a missing prometheus fails at once, saying how to install it
    const dir = mkdtempSync(join(tmpdir(), 'facenas-scrape-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    const runDir = join(dir, 'run');
    const search = await startSearch(runDir);
    const prometheus: PrometheusServer = await startPrometheus(scrapeConfigFor(`127.0.0.1:${search.port}`));
    cleanups.push(() => prometheus.stop());
    const exited = new Promise<number | null>((resolve) => {
      if (search.proc.child.exitCode !== null) resolve(search.proc.child.exitCode);
      search.proc.child.on('exit', (code) => resolve(code));
    });
    const timeout = setTimeout(() => search.proc.child.kill('SIGKILL'), 150_000);

    // While the search runs: every job of the config scrapes the target successfully, and
    // the completed counter moves in Prometheus' answers.
    const jobsUp = new Set<string>();
    let completedWhileRunning = 0;
    let running = true;
    void exited.then(() => (running = false));
    while (running) {
      for (const s of await prometheus.query('up == 1')) jobsUp.add(s.labels.job ?? '');
      for (const s of await prometheus.query('facenas_trials_completed_total{job="facenas-controller"}')) completedWhileRunning = Math.max(completedWhileRunning, s.points[0]![1]);
      await Promise.race([exited, new Promise((r) => setTimeout(r, 500))]);
    }
    clearTimeout(timeout);
    const code = await exited;
    expect(code, search.stdout()).toBe(0);

    const trials: Trial__Output[] = readRunFolder(runDir).trials;
    // A trial reusing a twin's result never trained: the controller counts only trained ones.
    const trained = trials.filter((t) => !t.reusedFrom);
    const completedAt = trained.filter((t) => COMPLETED.includes(t.state)).map((t) => t.completedAtMs);
    const started = trained.filter((t) => t.startedAtMs > 0).length;
    expect(trials.length).toBe(3);
    expect(completedAt.length).toBeGreaterThan(0);

    const jobs = configSchema.parse(parse(readFileSync(CONFIG_PATH, 'utf8'))).scrape_configs.map((j) => j.job_name);
    expect([...jobsUp].sort(), prometheus.log().slice(-2000)).toEqual([...jobs].sort());
    expect(completedWhileRunning).toBeGreaterThanOrEqual(1);

    // Every raw sample Prometheus stored (the range selector returns them all).
    const completedSamples = single(await prometheus.query('facenas_trials_completed_total{job="facenas-controller"}[1h]'), 'completed').points;
    expect(completedSamples.length).toBeGreaterThanOrEqual(5);
    expect(counterMismatches(completedSamples, completedAt), `trials completed at ${completedAt}`).toEqual([]);
    // Scraped after the search ended (--linger): the final value is the run folder's count.
    expect(completedSamples.at(-1)?.[1]).toBe(completedAt.length);

    const startedSamples = single(await prometheus.query('facenas_trials_started_total{job="facenas-controller"}[1h]'), 'started').points;
    expect(startedSamples.at(-1)?.[1]).toBe(started);

    // DESIGN.md: no search or trial ids as labels, on any series a real search produced.
    const series = await prometheus.query('{__name__=~"facenas_.+|grpc_server_.+", job="facenas-controller"}[1h]');
    expect(series.length).toBeGreaterThan(10);
    const idLabels = series.flatMap((s) => Object.entries(s.labels).filter(([, v]) => /\b(search|trial)-[0-9a-f]+\b/.test(v)).map(([k, v]) => `${s.labels.__name__}{${k}="${v}"}`));
    expect(idLabels).toEqual([]);
  }, 180_000);
});

describe('the counter comparison flags', () => {
  it('a sample counting a trial that had not completed, and one missing a trial long done', () => {
    const completedAt = [10_000, 20_000];
    // A scrape stamped just before a completion may read it: its /metrics answer came later.
    expect(counterMismatches([[5_000, 0], [9_500, 1], [9_500, 0], [10_020, 1], [15_000, 1], [25_000, 2]], completedAt)).toEqual([]);
    expect(counterMismatches([[8_000, 1], [15_000, 2], [25_000, 1]], completedAt)).toEqual([
      { t: 8_000, v: 1, allowed: [0, 0] },
      { t: 15_000, v: 2, allowed: [1, 1] },
      { t: 25_000, v: 1, allowed: [2, 2] },
    ]);
  });
});
