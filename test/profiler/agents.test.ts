import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unary } from '../../services/common/grpc/client.js';
import { DENO, ROOT, spawnAgent, type AgentProcess } from './agent-process.js';
import { startProfilerFixture, tinyArchitecture, type ProfilerFixture } from './profiler-fixture.js';

// The profiler with real agents as child processes: one from source under Node, one
// bundled (scripts/build-agent.mjs) under Deno, plus bundled Node agents for fault cases.

const SIZE = 32;
let profiler: ProfilerFixture;
let bundle: string;
const agents: AgentProcess[] = [];

function agentArgs(device: string, tokenFile: string): string[] {
  return ['--profiler', profiler.address, '--device', device, '--token-file', tokenFile];
}
function nodeFromSource(device: string, tokenFile = profiler.tokenFile): AgentProcess {
  const a = spawnAgent(process.execPath, ['--import', 'tsx', join(ROOT, 'services/profiler/agent/agent-main.ts'), ...agentArgs(device, tokenFile)]);
  agents.push(a);
  return a;
}
function denoBundle(device: string): AgentProcess {
  const a = spawnAgent(DENO, ['run', '-A', '--quiet', bundle, ...agentArgs(device, profiler.tokenFile)]);
  agents.push(a);
  return a;
}
function nodeBundle(device: string, tokenFile = profiler.tokenFile): AgentProcess {
  const a = spawnAgent(process.execPath, [bundle, ...agentArgs(device, tokenFile)]);
  agents.push(a);
  return a;
}
function measure(device: string, architecture = tinyArchitecture(SIZE), extra: { runs?: number; bypassCache?: boolean } = {}) {
  return unary(profiler.client, profiler.client.measureLatency, { architecture, device, imageSize: SIZE, warmupRuns: 2, runs: extra.runs ?? 5, bypassCache: extra.bypassCache }, { deadlineMs: 60_000 });
}
async function until(check: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  const out = mkdtempSync(join(tmpdir(), 'facenas-agent-bundle-'));
  execFileSync(process.execPath, [join(ROOT, 'scripts/build-agent.mjs'), '--out', out, '--bundle-only'], { stdio: 'ignore' });
  bundle = join(out, 'facenas-agent.mjs');
  profiler = await startProfilerFixture({ orphanDeadlineMs: 1_500 });
}, 60_000);

afterAll(async () => {
  await Promise.all(agents.map((a) => a.kill('SIGKILL')));
  await profiler?.stop();
});

describe('profiler with Node and Deno agents', () => {
  it('routes each device to its own agent and answers repeats from the cache', async () => {
    const nodeAgent = nodeFromSource('edge-node');
    const denoAgent = denoBundle('edge-deno');
    await Promise.all([nodeAgent.waitForLog('connected to profiler'), denoAgent.waitForLog('connected to profiler')]);

    const devices = await unary(profiler.client, profiler.client.listDevices, {});
    const runtimes = Object.fromEntries(devices.devices.map((d) => [d.name, d.agents.map((a) => a.runtime)]));
    expect(runtimes).toEqual({ 'edge-deno': ['deno'], 'edge-node': ['node'] });
    expect(devices.devices.every((d) => d.agents[0].backend === 'wasm' && d.agents[0].threads === 1)).toBe(true);

    const onNode = await measure('edge-node');
    expect(onNode.cached).toBe(false);
    expect(onNode.latency).toMatchObject({ device: 'edge-node', runs: 5, source: 'LATENCY_SOURCE_MEASURED', imageSize: SIZE });
    expect(onNode.latency?.medianMs).toBeGreaterThan(0);
    expect(onNode.latency?.p90Ms).toBeGreaterThanOrEqual(onNode.latency?.medianMs ?? Infinity);
    // Log lines travel through a pipe: wait for them rather than race the gRPC answer.
    await until(() => nodeAgent.tasksDone() === 1);
    expect(denoAgent.tasksDone()).toBe(0);

    const onDeno = await measure('edge-deno');
    expect(onDeno.latency).toMatchObject({ device: 'edge-deno', runs: 5, source: 'LATENCY_SOURCE_MEASURED' });
    await until(() => denoAgent.tasksDone() === 1);
    expect(nodeAgent.tasksDone()).toBe(1);

    const again = await measure('edge-node');
    expect(again).toMatchObject({ cached: true, architectureId: onNode.architectureId });
    expect(again.latency?.medianMs).toBe(onNode.latency?.medianMs);
    await new Promise((r) => setTimeout(r, 200));
    expect([nodeAgent.tasksDone(), denoAgent.tasksDone()]).toEqual([1, 1]);
    expect(await profiler.registry.metrics()).toMatch(/facenas_latency_cache_hits_total\{service="profiler"\} 1/);
  });

  it('re-queues the request of a SIGKILLed agent to another agent of its device', async () => {
    // Both connected before the request: the dispatcher picks the agent idle longest, the first.
    const first = nodeBundle('edge-pair');
    await first.waitForLog('connected to profiler');
    const second = nodeBundle('edge-pair');
    await second.waitForLog('connected to profiler');
    const pending = measure('edge-pair', tinyArchitecture(SIZE, { 0: 1 }), { runs: 1_000 });
    const firstId = (first.logs.find((l) => l.msg === 'connected to profiler')?.agentId as string) ?? '';
    await until(() => profiler.parts.dispatcher.isBusy(firstId));
    await first.kill('SIGKILL');
    const result = await pending;
    expect(result.latency).toMatchObject({ device: 'edge-pair', runs: 1_000, source: 'LATENCY_SOURCE_MEASURED' });
    await until(() => second.tasksDone() === 1);
    expect(first.tasksDone()).toBe(0);
  });

  it('fails UNAVAILABLE after the deadline when the only agent of the device dies', async () => {
    const only = denoBundle('edge-lonely');
    await only.waitForLog('connected to profiler');
    const pending = measure('edge-lonely', tinyArchitecture(SIZE, { 0: 1 }), { runs: 10_000 });
    await until(() => profiler.parts.dispatcher.isBusy(profiler.parts.dispatcher.agentLinks().find((l) => l.device.name === 'edge-lonely')?.agentId ?? ''));
    await only.kill('SIGKILL');
    const t0 = Date.now();
    await expect(pending).rejects.toMatchObject({ code: grpc.status.UNAVAILABLE, details: expect.stringContaining('"edge-lonely"') });
    // orphanDeadlineMs is 1.5 s in this fixture.
    expect(Date.now() - t0).toBeGreaterThan(1_000);
  });

  it('refuses an agent with a wrong token: it is never registered and gets no work', async () => {
    const intruder = nodeBundle('edge-intruder', profiler.wrongTokenFile);
    const refused = await intruder.waitForLog('profiler stream closed: reconnecting');
    expect(refused.code).toBe('UNAUTHENTICATED');
    await expect(measure('edge-intruder')).rejects.toMatchObject({ code: grpc.status.FAILED_PRECONDITION, details: expect.stringContaining('"edge-intruder"') });
    expect(intruder.tasksDone()).toBe(0);
    // The token never reaches the agent's logs either.
    expect(JSON.stringify(intruder.logs)).not.toContain('not-the-fleet-token');
  });

  it('names the bad field of an invalid architecture', async () => {
    const bad = { ...tinyArchitecture(SIZE), json: '', id: '', decisions: [0, 9] };
    await expect(measure('edge-node', bad)).rejects.toMatchObject({ code: grpc.status.INVALID_ARGUMENT, details: expect.stringMatching(/^architecture\.decisions/) });
  });
});
