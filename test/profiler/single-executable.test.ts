import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { unary } from '../../services/common/grpc/client.js';
import { ROOT, spawnAgent, type AgentProcess } from './agent-process.js';
import { startProfilerFixture, tinyArchitecture, type ProfilerFixture } from './profiler-fixture.js';

// scripts/build-agent.mjs makes a Node single-executable agent (linux-x64 from the running
// node); the executable runs against a profiler with no node_modules or files beside it.

let profiler: ProfilerFixture | undefined;
let agent: AgentProcess | undefined;
const out = mkdtempSync(join(tmpdir(), 'facenas-sea-test-'));

afterAll(async () => {
  await agent?.kill('SIGKILL');
  await profiler?.stop();
  rmSync(out, { recursive: true, force: true });
});

describe('single-executable agent', () => {
  it('builds, connects and measures', async () => {
    const t0 = Date.now();
    execFileSync(process.execPath, [join(ROOT, 'scripts/build-agent.mjs'), '--out', out, '--arch', 'x64'], { stdio: 'ignore' });
    const buildSeconds = (Date.now() - t0) / 1000;
    const executable = join(out, 'facenas-agent');
    expect(statSync(executable).mode & 0o111).not.toBe(0);
    console.log(`[single-executable] built in ${buildSeconds.toFixed(1)} s`);

    profiler = await startProfilerFixture();
    // Run from an empty folder: nothing but the executable itself.
    agent = spawnAgent(executable, ['--profiler', profiler.address, '--device', 'edge-sea', '--token-file', profiler.tokenFile]);
    await agent.waitForLog('connected to profiler');
    const result = await unary(
      profiler.client,
      profiler.client.measureLatency,
      { architecture: tinyArchitecture(32), device: 'edge-sea', imageSize: 32, warmupRuns: 2, runs: 5 },
      { deadlineMs: 60_000 },
    );
    expect(result.latency).toMatchObject({ device: 'edge-sea', runs: 5, source: 'LATENCY_SOURCE_MEASURED' });
    expect(result.latency?.medianMs).toBeGreaterThan(0);
    const devices = await unary(profiler.client, profiler.client.listDevices, {});
    expect(devices.devices.find((d) => d.name === 'edge-sea')?.agents[0]).toMatchObject({ runtime: 'node', backend: 'wasm', arch: 'x64' });
    const done = agent;
    await expect.poll(() => done.tasksDone(), { timeout: 5_000 }).toBe(1);
  });
});
