import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';

// promtool (Debian package `prometheus`, installed by .ci/install-system-deps.sh) parses
// PromQL and Prometheus configs exactly as Prometheus does. Missing promtool fails the
// test with the way to install it: never a skip.

export interface PromtoolResult {
  ok: boolean;
  output: string;
}

/** Runs promtool with `args`; `input` goes to its stdin (`check metrics` reads the exposition there). */
export function promtool(args: string[], input?: string): PromtoolResult {
  const result = spawnSync('promtool', args, { encoding: 'utf8', timeout: 30_000, input });
  if (result.error) {
    const missing = (result.error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new Error(missing ? 'promtool not found: apt-get install prometheus (.ci/install-system-deps.sh does)' : `promtool failed to run: ${result.error.message}`);
  }
  return { ok: result.status === 0, output: `${result.stdout}${result.stderr}` };
}

export interface NamedExpression {
  /** A valid metric name for the recording rule, e.g. `dashboard:panel_3_A`. */
  record: string;
  expr: string;
}

/** Checks PromQL expressions by writing them as recording rules and running `promtool check rules`. */
export function checkExpressions(expressions: NamedExpression[]): PromtoolResult {
  const dir = mkdtempSync(join(tmpdir(), 'facenas-promql-'));
  try {
    const file = join(dir, 'expressions.rules.yml');
    writeFileSync(file, stringify({ groups: [{ name: 'expressions', rules: expressions.map((e) => ({ record: e.record, expr: e.expr })) }] }));
    return promtool(['check', 'rules', file]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Lints a /metrics exposition with `promtool check metrics`: it exits 1 when the text does
 * not parse and 3 on lint problems (a counter without _total, a non-base unit, ...).
 */
export function checkMetrics(exposition: string): PromtoolResult {
  return promtool(['check', 'metrics'], exposition);
}
