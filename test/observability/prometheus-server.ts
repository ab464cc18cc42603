import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { freePort } from '../support/nats-server.js';

// A real Prometheus server (Debian package `prometheus`, installed by
// .ci/install-system-deps.sh) on a free loopback port, its TSDB in a temp folder, and
// its HTTP query API. Missing prometheus fails the test with how to install it: never a skip.

export const PROMETHEUS_MISSING = 'prometheus not found: apt-get install prometheus (.ci/install-system-deps.sh does), or put a prometheus binary on PATH';

const labelsSchema = z.record(z.string(), z.string());
const pointSchema = z.tuple([z.number(), z.string()]);
const responseSchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('success'),
    data: z.discriminatedUnion('resultType', [
      z.object({ resultType: z.literal('vector'), result: z.array(z.object({ metric: labelsSchema, value: pointSchema })) }),
      z.object({ resultType: z.literal('matrix'), result: z.array(z.object({ metric: labelsSchema, values: z.array(pointSchema) })) }),
      z.object({ resultType: z.literal('scalar'), result: pointSchema }),
    ]),
  }),
  z.object({ status: z.literal('error'), errorType: z.string(), error: z.string() }),
]);

/** One series of a query answer; instant queries give one point, range selectors every raw sample. */
export interface QuerySeries {
  labels: Record<string, string>;
  /** [unix time in ms, value] */
  points: Array<[number, number]>;
}

export interface PrometheusServer {
  url: string;
  /** /api/v1/query at the current time: a vector or scalar (one point each) or, for a range selector, a matrix. */
  query(expr: string): Promise<QuerySeries[]>;
  /** Everything Prometheus logged (stderr), for failure messages. */
  log(): string;
  stop(): Promise<void>;
}

/** The prometheus binary on PATH; throws how to install it when there is none. */
export function prometheusBinary(): string {
  const found = spawnSync('sh', ['-c', 'command -v prometheus'], { encoding: 'utf8' }).stdout.trim();
  if (!found) throw new Error(PROMETHEUS_MISSING);
  return found;
}

const toPoint = ([t, v]: [number, string]): [number, number] => [Math.round(t * 1000), Number(v)];

/** Starts Prometheus on `config` (prometheus.yml text) and resolves once /-/ready answers. */
export async function startPrometheus(config: string, readyTimeoutMs = 30_000): Promise<PrometheusServer> {
  const binary = prometheusBinary();
  const dir = mkdtempSync(join(tmpdir(), 'facenas-prometheus-'));
  const configFile = join(dir, 'prometheus.yml');
  writeFileSync(configFile, config);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(binary, [`--config.file=${configFile}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`prometheus exited with ${child.exitCode} before it was ready:\n${stderr.slice(-3000)}`);
    }
    const ready = await fetch(`${url}/-/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`prometheus was not ready in ${readyTimeoutMs} ms:\n${stderr.slice(-3000)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }

  return {
    url,
    async query(expr) {
      const response = await fetch(`${url}/api/v1/query?${new URLSearchParams({ query: expr })}`);
      const body = responseSchema.parse(await response.json());
      if (body.status === 'error') throw new Error(`prometheus refused ${expr}: ${body.errorType}: ${body.error}`);
      const { data } = body;
      if (data.resultType === 'vector') return data.result.map((s) => ({ labels: s.metric, points: [toPoint(s.value)] }));
      if (data.resultType === 'matrix') return data.result.map((s) => ({ labels: s.metric, points: s.values.map(toPoint) }));
      return [{ labels: {}, points: [toPoint(data.result)] }];
    },
    log: () => stderr,
    stop,
  };
}
