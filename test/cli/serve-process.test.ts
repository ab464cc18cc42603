import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkHealth } from '../../services/common/grpc/health-client.js';
import { ROOT, spawnLogged } from '../support/logged-process.js';
import { freePort } from '../support/nats-server.js';

// The CLI as a process: `facenas --help`, `facenas serve dataset` serving health and
// /metrics and ending cleanly on SIGTERM, and bad flags refused with one line and exit 2.

const FACENAS = join(ROOT, 'bin/facenas.js');
const run = (args: string[]) => spawnSync(process.execPath, [FACENAS, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NATS_URL: '' } });

describe('facenas CLI', () => {
  it('--help lists the commands', () => {
    const help = run(['--help']);
    expect(help.status).toBe(0);
    for (const command of ['search', 'watch', 'list', 'retrain', 'export', 'serve', 'dataset']) expect(help.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
  });

  it('serve dataset: SERVING health, /metrics, and a clean exit within 5 s of SIGTERM', async () => {
    const [grpcPort, metricsPort] = [await freePort(), await freePort()];
    const proc = spawnLogged(process.execPath, [FACENAS, 'serve', 'dataset', '--host', '127.0.0.1', '--grpc-port', String(grpcPort), '--metrics-port', String(metricsPort)]);
    const exited = new Promise<number | null>((resolve) => proc.child.on('exit', (code) => resolve(code)));
    try {
      await proc.waitForLog('serving', 60_000);
      expect(await checkHealth(`127.0.0.1:${grpcPort}`)).toBe('SERVING');
      expect(await checkHealth(`127.0.0.1:${grpcPort}`, 'facenas.v1.DatasetService')).toBe('SERVING');
      const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
      expect(metrics).toMatch(/^# TYPE facenas_dataset_images_skipped_total counter$/m);
      expect(metrics).toMatch(/service="dataset"/);
      const t0 = Date.now();
      proc.child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(Date.now() - t0).toBeLessThan(5_000);
    } finally {
      await proc.kill('SIGKILL');
    }
  }, 90_000);

  it('an unknown flag or an invalid port: one line naming it, exit 2', () => {
    const unknown = run(['serve', 'dataset', '--no-such-flag']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1);
    expect(unknown.stderr).toMatch(/--no-such-flag/);
    const port = run(['serve', 'dataset', '--grpc-port', '70000']);
    expect(port.status).toBe(2);
    expect(port.stderr.trim()).toBe('facenas: --grpc-port: must be a port in 0..65535, got "70000"');
    const service = run(['serve', 'teapot']);
    expect(service.status).toBe(2);
    expect(service.stderr).toMatch(/unknown service "teapot"; expected one of controller, dataset, profiler, trainer, agent/);
  });
});
