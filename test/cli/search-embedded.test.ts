import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Trial__Output } from '../../services/common/generated/facenas/v1/Trial.js';
import { withReportPage } from '../../services/cli/report/report-browser.js';
import { readRunFolder } from '../../services/cli/search/run-folder.js';
import { ROOT, spawnLogged } from '../support/logged-process.js';
import { NatsServerProcess } from '../support/nats-server.js';

// `facenas search` as a user runs it: a child process, a tiny budget, and the run folder
// it leaves: every file, a winner whose reward beats every other trial's, a report that
// renders in Chromium, then `facenas retrain` and `facenas export` on it. Once on the
// in-memory bus (with Ctrl-C and --resume in the middle), once on real NATS.

const FACENAS = join(ROOT, 'bin/facenas.js');
const TINY = [
  '--dataset',
  'synthetic:identities=8,images=8,size=32,eval_identities=10,eval_images=4',
  '--epochs',
  '1',
  '--batch-size',
  '8',
  '--image-size',
  '32',
  '--latency-size',
  '32',
  '--seed',
  '3',
];
const dirs: string[] = [];
const nats: NatsServerProcess[] = [];
afterAll(async () => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  for (const n of nats) await n.dispose();
});

function tempRun(): string {
  const dir = mkdtempSync(join(tmpdir(), 'facenas-run-'));
  dirs.push(dir);
  return join(dir, 'run');
}

interface Finished {
  code: number | null;
  stdout: string;
}

/** Runs the CLI; one that runs past `timeoutMs` is killed, so the test fails showing what it printed. */
function facenas(args: string[], env: NodeJS.ProcessEnv = {}, onLine?: (line: string, proc: ReturnType<typeof spawnLogged>) => void, timeoutMs = 240_000): Promise<Finished> {
  const proc = spawnLogged(process.execPath, [FACENAS, ...args], { NATS_URL: '', ...env });
  const timer = setTimeout(() => proc.child.kill('SIGKILL'), timeoutMs);
  proc.child.on('exit', () => clearTimeout(timer));
  let stdout = '';
  proc.child.stdout?.on('data', (chunk: Buffer) => {
    const text = chunk.toString();
    stdout += text;
    for (const line of text.split('\n')) if (line) onLine?.(line, proc);
  });
  return new Promise((resolve) => proc.child.on('exit', (code) => resolve({ code, stdout })));
}

function checkRunFolder(runDir: string, expectedTrials: number): Trial__Output[] {
  for (const f of ['search.json', 'trials.jsonl', 'pareto.json', 'report.html', 'best/model.json', 'best/group1-shard1of1.bin', 'best/architecture.json']) {
    expect(existsSync(join(runDir, f)), f).toBe(true);
  }
  const run = readRunFolder(runDir);
  expect(run.meta.search.state).toBe('SEARCH_STATE_SUCCEEDED');
  expect(run.trials).toHaveLength(expectedTrials);
  expect(run.trials.filter((t) => t.baseline)).toHaveLength(1);
  expect(new Set(run.trials.map((t) => t.id)).size).toBe(expectedTrials);
  const rewarded = run.trials.filter((t) => t.hasReward);
  expect(rewarded.length).toBeGreaterThan(0);
  const winner = JSON.parse(readFileSync(join(runDir, 'best/trial.json'), 'utf8')) as Trial__Output;
  for (const t of rewarded) expect(winner.reward).toBeGreaterThanOrEqual(t.reward);
  const pareto = JSON.parse(readFileSync(join(runDir, 'pareto.json'), 'utf8')) as Trial__Output[];
  expect(pareto.length).toBeGreaterThan(0);
  expect(JSON.parse(readFileSync(join(runDir, 'best/architecture.json'), 'utf8'))).toMatchObject({ space: 'mobilefacenet-v1' });
  return run.trials;
}

describe('facenas search (embedded)', () => {
  it('in-memory bus: Ctrl-C keeps what finished, --resume completes it; the run folder, report, retrain and export work', async () => {
    const runDir = tempRun();
    let interrupted = false;
    const first = await facenas(['search', ...TINY, '--trials', '3', '--parallel', '1', '--trainers', '1', '--out', runDir], {}, (line, proc) => {
      // Interrupt once the first trial is in.
      if (!interrupted && / completed: reward /.test(line)) {
        interrupted = true;
        proc.child.kill('SIGINT');
      }
    });
    expect(first.code, first.stdout).toBe(130);
    expect(first.stdout).toMatch(/Continue with: facenas search --resume/);
    const partial = readRunFolder(runDir);
    expect(partial.trials.filter((t) => t.hasReward).length).toBeGreaterThanOrEqual(1);

    const resumed = await facenas(['search', '--resume', runDir]);
    expect(resumed.code, resumed.stdout).toBe(0);
    expect(resumed.stdout).toMatch(/resuming search/);
    const trials = checkRunFolder(runDir, 4);
    // Nothing was trained twice: every trial started on one delivery's worth of attempts at most.
    for (const t of trials) expect(t.attempts, t.id).toBeLessThanOrEqual(2);

    await withReportPage(join(runDir, 'report.html'), { width: 1200, height: 1600 }, async ({ page, blockedRequests }) => {
      const points = await page.$$eval('svg.scatter [data-trial]', (els) => els.length);
      expect(points).toBe(trials.filter((t) => t.hasReward && (t.state === 'TRIAL_STATE_SUCCEEDED' || t.state === 'TRIAL_STATE_EARLYSTOPPED')).length);
      expect(blockedRequests).toEqual([]);
    });

    const retrain = await facenas(['retrain', runDir, '--epochs', '1', '--image-size', '32', '--batch-size', '8', '--latency-size', '32']);
    expect(retrain.code, retrain.stdout).toBe(0);
    expect(retrain.stdout).toMatch(/VERIFICATION/);
    const rows = JSON.parse(readFileSync(join(runDir, 'retrain/retrain.json'), 'utf8')).rows as Array<{ label: string; metrics: { verificationAccuracy: number }; latency: { medianMs: number } }>;
    expect(rows.length).toBeGreaterThanOrEqual(1);
    for (const r of rows) {
      expect(r.metrics.verificationAccuracy).toBeGreaterThan(0);
      expect(r.latency.medianMs).toBeGreaterThan(0);
    }

    const exported = await facenas(['export', runDir, '--format', 'tfjs', '--out', join(runDir, 'edge')]);
    expect(exported.code, exported.stdout).toBe(0);
    expect(exported.stdout).toMatch(/embedding \[1, (128|256|512)\]/);
    expect(existsSync(join(runDir, 'edge/model.json'))).toBe(true);
  }, 600_000);

  it('--nats: the same search on real NATS (JetStream work queue, KV, object store)', async () => {
    const server = await NatsServerProcess.start();
    nats.push(server);
    const runDir = tempRun();
    const done = await facenas(['search', ...TINY, '--trials', '2', '--nats', server.url, '--target-ms', '5', '--out', runDir]);
    expect(done.code, done.stdout).toBe(0);
    checkRunFolder(runDir, 3);
    const meta = readRunFolder(runDir).meta;
    expect(meta.nats).toBe(server.url);
    expect(meta.targetSource).toBe('flag');
    expect(readRunFolder(runDir).trials.every((t) => !t.modelUri || t.modelUri.startsWith('nats-object://'))).toBe(true);
  }, 300_000);

  it('bad flags and config values: one line naming the option, exit 2', async () => {
    const bad = await facenas(['search', '--trials', 'many']);
    expect(bad.code).toBe(2);
    const resumeMissing = await facenas(['search', '--resume', '/nonexistent/run']);
    expect(resumeMissing.code).not.toBe(0);
  }, 60_000);
});
