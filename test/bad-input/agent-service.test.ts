import * as grpc from '@grpc/grpc-js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectRequest } from '../../services/common/generated/facenas/v1/ConnectRequest.js';
import type { Latency } from '../../services/common/generated/facenas/v1/Latency.js';
import { unary } from '../../services/common/grpc/client.js';
import { decode, encode, sampleUniform } from '../../services/common/search-space/index.js';
import { Rng } from '../../services/common/random/rng.js';
import { expectRefusal, expectStillServing, seededBytes, settle } from '../support/bad-input.js';
import { encodeMessage } from '../support/grpc-raw.js';
import { FLEET_TOKEN, IMAGE_SIZE, smallestArchitecture, startProfilerUnderTest, type ProfilerUnderTest } from '../support/profiler-under-test.js';
import { RawAgentStream, ScriptedAgent } from '../support/scripted-agent.js';

// Agents that break the AgentService.Connect protocol — messages out of order, bad
// values, garbage bytes, answers that are not answers — against the profiler started
// from its serve entry. Each is refused with a status naming the field, is never given
// work it could spoil, and the well-behaved agent keeps measuring.

let profiler: ProfilerUnderTest;
const scripted: ScriptedAgent[] = [];

beforeAll(async () => {
  // Heartbeats time out only after 30 s here, so an agent gone within the test was dropped for what it sent.
  profiler = await startProfilerUnderTest({ flags: ['--heartbeat-timeout-ms', '30000'] });
});
afterEach(async () => {
  for (const agent of scripted.splice(0)) agent.end();
  await expectStillServing(profiler.target);
});
afterAll(async () => {
  await profiler?.stop();
});

function agent(): ScriptedAgent {
  const a = new ScriptedAgent(profiler.address, { token: FLEET_TOKEN });
  scripted.push(a);
  return a;
}

async function devicesWithAgents(): Promise<Record<string, number>> {
  const listed = await unary(profiler.client, profiler.client.listDevices, {});
  return Object.fromEntries(listed.devices.filter((d) => d.agents.length > 0).map((d) => [d.name, d.agents.length]));
}

/** A fresh architecture per call (so nothing answers from the cache), as MeasureLatency takes it. */
let drawn = 0;
function freshArchitecture() {
  const rng = new Rng(1000 + drawn++);
  return { decisions: encode(decode(sampleUniform(rng))) };
}

const measureOn = (device: string, architecture: ReturnType<typeof freshArchitecture>) =>
  settle(unary(profiler.client, profiler.client.measureLatency, { architecture, device, imageSize: IMAGE_SIZE }, { deadlineMs: 10_000 }));

describe('the protocol out of order', () => {
  const cases: [string, ConnectRequest[], string][] = [
    ['a heartbeat before hello', [{ heartbeat: { timeMs: 1, busy: false } }], 'hello'],
    ['an empty message (no oneof set) before hello', [{}], 'hello'],
    ['a result before hello', [{ result: { taskId: 'x', latency: { medianMs: 1 } } }], 'hello'],
    ['hello without a device', [{ hello: { agentVersion: '1' } }], 'hello.device.name'],
    ['hello with a blank device name', [{ hello: { device: { name: '  \t ' } } }], 'hello.device.name'],
    // Requests may name devices of at most 128 characters: a longer one could never be measured.
    ['hello with a 10 000-character device name', [{ hello: { device: { name: 'd'.repeat(10_000) } } }], 'hello.device.name'],
    ['hello twice', [{ hello: { device: { name: 'edge-twice' } } }, { hello: { device: { name: 'edge-twice' } } }], 'hello'],
  ];
  for (const [name, messages, field] of cases) {
    it(`${name} is INVALID_ARGUMENT naming ${field}`, async () => {
      const a = agent();
      for (const m of messages) a.send(m);
      expectRefusal(await a.closed, grpc.status.INVALID_ARGUMENT, field);
      expect(Object.keys(await devicesWithAgents())).not.toContain('edge-twice');
    });
  }
});

describe('garbage bytes', () => {
  const hello = (device: string) => encodeMessage('facenas.v1.ConnectRequest', { hello: { device: { name: device } } });

  it('as the first message: INVALID_ARGUMENT naming the request, no welcome', async () => {
    const raw = new RawAgentStream(profiler.address, FLEET_TOKEN);
    raw.write(Uint8Array.from([0x07]));
    expectRefusal(await raw.closed, grpc.status.INVALID_ARGUMENT, /^request: not a valid ConnectRequest message/);
    expect(raw.received).toBe(0);
  });

  it('mid-task: the agent is dropped at once and its task goes to the next agent of the device', async () => {
    const raw = new RawAgentStream(profiler.address, FLEET_TOKEN);
    raw.write(hello('edge-garbage'));
    await raw.receivedAtLeast(1);
    const pending = measureOn('edge-garbage', freshArchitecture());
    await raw.receivedAtLeast(2);
    raw.write(Uint8Array.from([0x07]));
    expectRefusal(await raw.closed, grpc.status.INVALID_ARGUMENT, /^request: /);
    // Dropped now, not when its heartbeats would have timed out.
    expect(await devicesWithAgents()).not.toHaveProperty('edge-garbage');
    const next = agent();
    next.hello('edge-garbage');
    const task = await next.nextTask();
    next.send({ result: { taskId: task.taskId, latency: { medianMs: 6, p90Ms: 6.5, meanMs: 6.1, stdMs: 0.1, runs: 5 } } });
    expect(await pending).toMatchObject({ code: grpc.status.OK, value: { latency: { medianMs: 6 } } });
  });

  it('random bytes after hello never crash the gateway', async () => {
    for (let seed = 1; seed <= 20; seed++) {
      const raw = new RawAgentStream(profiler.address, FLEET_TOKEN);
      raw.write(hello(`edge-noise-${seed}`));
      raw.write(seededBytes(seed, 1 + (seed * 37) % 300));
      // Garbage that happens to decode is judged like any message; the stream then ends either way.
      raw.write(Uint8Array.from([0x07]));
      const status = await raw.closed;
      expect(status.code, status.details).toBe(grpc.status.INVALID_ARGUMENT);
      expect(status.details).toMatch(/^(request|hello(\.device\.name)?): /);
    }
    expect(Object.keys(await devicesWithAgents()).filter((d) => d.startsWith('edge-noise'))).toEqual([]);
  });
});

describe('answers that are not answers', () => {
  it('a result for a task the agent does not hold is dropped; the stream stays up and real tasks still come', async () => {
    const a = agent();
    a.hello('edge-forger');
    await a.welcomed();
    a.send({ result: { taskId: 'a-task-id-that-was-never-sent', latency: { medianMs: 0.001, p90Ms: 0.001, meanMs: 0.001, stdMs: 0, runs: 1 } } });
    a.send({ result: { taskId: '', error: 'x'.repeat(100_000) } });
    const architecture = freshArchitecture();
    const pending = measureOn('edge-forger', architecture);
    const task = await a.nextTask();
    a.send({ result: { taskId: task.taskId, latency: { medianMs: 7, p90Ms: 8, meanMs: 7.2, stdMs: 0.3, runs: 5 } } });
    expect(await pending).toMatchObject({ code: grpc.status.OK, value: { latency: { medianMs: 7, source: 'LATENCY_SOURCE_MEASURED' } } });
  });

  const unusable: [string, Latency, string][] = [
    ['a NaN median', { medianMs: Number.NaN, p90Ms: 1, meanMs: 1, stdMs: 0, runs: 5 }, 'latency.median_ms'],
    ['a negative median', { medianMs: -3, p90Ms: 1, meanMs: 1, stdMs: 0, runs: 5 }, 'latency.median_ms'],
    ['an infinite p90', { medianMs: 2, p90Ms: Number.POSITIVE_INFINITY, meanMs: 2, stdMs: 0, runs: 5 }, 'latency.p90_ms'],
    ['a p90 below the median', { medianMs: 2, p90Ms: 1, meanMs: 2, stdMs: 0, runs: 5 }, 'latency.p90_ms'],
    ['a negative spread', { medianMs: 2, p90Ms: 3, meanMs: 2, stdMs: -1, runs: 5 }, 'latency.std_ms'],
    ['zero runs', { medianMs: 2, p90Ms: 3, meanMs: 2, stdMs: 0, runs: 0 }, 'latency.runs'],
  ];
  for (const [name, latency, field] of unusable) {
    it(`a latency with ${name} is FAILED_PRECONDITION naming ${field}, and not cached`, async () => {
      const a = agent();
      a.hello('edge-broken');
      await a.welcomed();
      const architecture = freshArchitecture();
      const pending = measureOn('edge-broken', architecture);
      const task = await a.nextTask();
      a.send({ result: { taskId: task.taskId, latency } });
      const outcome = await pending;
      expect(outcome.code).toBe(grpc.status.FAILED_PRECONDITION);
      expect(outcome.details).toContain(`unusable ${field}: `);
      // Asked again, the profiler measures again instead of serving the bad number.
      const again = measureOn('edge-broken', architecture);
      const retry = await a.nextTask();
      a.send({ result: { taskId: retry.taskId, latency: { medianMs: 3, p90Ms: 3.5, meanMs: 3.1, stdMs: 0.2, runs: 5 } } });
      expect(await again).toMatchObject({ code: grpc.status.OK, value: { cached: false, latency: { medianMs: 3 } } });
    });
  }

  it('a calibration answer with a NaN layer fails the calibration and leaves no table', async () => {
    const a = agent();
    a.hello('edge-calibrate');
    await a.welcomed();
    const calibration = settle(unary(profiler.client, profiler.client.calibrate, { device: 'edge-calibrate', imageSize: IMAGE_SIZE }, { deadlineMs: 30_000 }));
    // The table is split into tasks: answer all of them, one layer with NaN and extra keys the space does not have.
    let answered = 0;
    let settled = false;
    void calibration.then(() => (settled = true));
    const answering = (async () => {
      while (!settled) {
        const task = await a.nextTask(100).catch(() => null);
        if (!task) continue;
        const layers = task.layerKeys.map((key, i) => ({ key, medianMs: answered === 0 && i === 0 ? Number.NaN : 0.5 }));
        a.send({ result: { taskId: task.taskId, overheadMs: 0.1, layers: [...layers, { key: 'not-a-layer', medianMs: 1 }] } });
        answered += 1;
      }
    })();
    const outcome = await calibration;
    expect(outcome.code).toBe(grpc.status.FAILED_PRECONDITION);
    expect(outcome.details).toMatch(/unusable layers\[".+"\]\.median_ms: must be a non-negative finite number, got NaN/);
    await answering;
    const devices = await unary(profiler.client, profiler.client.listDevices, {});
    expect(devices.devices.find((d) => d.name === 'edge-calibrate')).toMatchObject({ calibrated: false, tableEntries: 0 });
    expect(await settle(unary(profiler.client, profiler.client.predictLatency, { architecture: smallestArchitecture(), device: 'edge-calibrate' }))).toMatchObject({ code: grpc.status.FAILED_PRECONDITION });
  });
});
