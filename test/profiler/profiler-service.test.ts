import * as grpc from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from 'vitest';
import type { AgentServiceClient } from '../../services/common/generated/facenas/v1/AgentService.js';
import type { ProfilerServiceClient } from '../../services/common/generated/facenas/v1/ProfilerService.js';
import { createClient, unary } from '../../services/common/grpc/client.js';
import { facenasGrpc } from '../../services/common/grpc/proto-package.js';
import { startGrpcServer, type GrpcServerHandle } from '../../services/common/grpc/server.js';
import { createLogger } from '../../services/common/logging/logger.js';
import { createServiceRegistry } from '../../services/common/metrics/registry.js';
import { LatencyAgent } from '../../services/profiler/agent/latency-agent.js';
import { AgentTokens } from '../../services/profiler/agent-tokens.js';
import { createProfilerParts, type ProfilerParts } from '../../services/profiler/profiler-parts.js';
import { fakeArchitecture, fakeCatalog, FakeRunner } from './fakes.js';
import { MapKvStore } from './map-kv-store.js';
import { makeTestCertificates } from '../support/certs.js';
import type { ClientTlsOptions, ServerTlsOptions } from '../../services/common/grpc/tls.js';

const logger = createLogger('test', 'silent');
const FLEET = 'fleet-token-000000000001';
const PIXEL_ONLY = 'pixel-token-000000000002';
const TOKENS = AgentTokens.parse(`${FLEET} *\n${PIXEL_ONLY} pixel\n`);
const FAST_BACKOFF = { initialMs: 50, maxMs: 200, multiplier: 2 };

interface Running {
  server: GrpcServerHandle;
  parts: ProfilerParts;
  client: ProfilerServiceClient;
  address: string;
  registry: ReturnType<typeof createServiceRegistry>;
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function startProfiler(
  options: { kv?: MapKvStore; port?: number; tokens?: AgentTokens | null; heartbeatTimeoutMs?: number; fitArchitectures?: number; tls?: ServerTlsOptions } = {},
): Promise<Running> {
  const registry = createServiceRegistry('profiler', { defaultMetrics: false });
  const parts = createProfilerParts({
    kv: options.kv ?? new MapKvStore(),
    catalog: fakeCatalog,
    tokens: options.tokens === undefined ? TOKENS : options.tokens,
    logger,
    registry,
    heartbeatIntervalMs: 100,
    heartbeatTimeoutMs: options.heartbeatTimeoutMs ?? 2_000,
    orphanDeadlineMs: 500,
    defaults: { imageSize: 64, warmupRuns: 1, runs: 3, threads: 1, calibrationWarmupRuns: 1, calibrationRuns: 2, calibrationChunk: 2, calibrationFitArchitectures: options.fitArchitectures ?? 0 },
  });
  const server = await startGrpcServer({ services: parts.bindings, port: options.port ?? 0, host: '127.0.0.1', logger, registry, tls: options.tls });
  const address = `${options.tls ? 'localhost' : '127.0.0.1'}:${server.port}`;
  const client = createClient<ProfilerServiceClient>(facenasGrpc().ProfilerService, address);
  const running = { server, parts, client, address, registry };
  cleanups.push(async () => {
    client.close();
    await parts.stop?.();
    await server.shutdown(200);
  });
  return running;
}

function startAgent(address: string, deviceName: string, token: string | undefined, runner = new FakeRunner(), tls?: ClientTlsOptions) {
  const agent = new LatencyAgent({ profiler: address, deviceName, token, runner, logger, backoff: FAST_BACKOFF, heartbeatIntervalMs: 100, tls });
  agent.start();
  cleanups.push(() => agent.stop());
  return { agent, runner };
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('profiler service with in-process agents', () => {
  it('routes requests to the device agent, then answers repeats from the cache', async () => {
    const p = await startProfiler();
    const pixel = startAgent(p.address, 'pixel', FLEET);
    const rpi = startAgent(p.address, 'rpi', FLEET);
    await Promise.all([pixel.agent.welcomed(), rpi.agent.welcomed()]);

    const arch = fakeArchitecture(['a', 'bb', 'bb']);
    const first = await unary(p.client, p.client.measureLatency, { architecture: arch, device: 'pixel' });
    expect(first.cached).toBe(false);
    expect(first.latency).toMatchObject({ medianMs: 3.5, p90Ms: 3.6, runs: 3, device: 'pixel', source: 'LATENCY_SOURCE_MEASURED', imageSize: 64 });
    expect(pixel.runner.tasks).toHaveLength(1);
    expect(pixel.runner.tasks[0]).toMatchObject({ kind: 'TASK_KIND_MODEL', imageSize: 64, warmupRuns: 1, runs: 3, threads: 1 });
    expect(rpi.runner.tasks).toHaveLength(0);

    await unary(p.client, p.client.measureLatency, { architecture: fakeArchitecture(['a']), device: 'rpi' });
    expect(rpi.runner.tasks).toHaveLength(1);

    const again = await unary(p.client, p.client.measureLatency, { architecture: arch, device: 'pixel' });
    expect(again.cached).toBe(true);
    expect(again.latency).toMatchObject({ medianMs: 3.5, source: 'LATENCY_SOURCE_CACHED' });
    expect(again.architectureId).toBe(first.architectureId);
    expect(pixel.runner.tasks).toHaveLength(1);
    // bypass_cache measures again.
    await unary(p.client, p.client.measureLatency, { architecture: arch, device: 'pixel', bypassCache: true });
    expect(pixel.runner.tasks).toHaveLength(2);

    const metrics = await p.registry.metrics();
    expect(metrics).toMatch(/facenas_latency_measurements_total\{source="measured",service="profiler"\} 3/);
    expect(metrics).toMatch(/facenas_latency_measurements_total\{source="cached",service="profiler"\} 1/);
    expect(metrics).toMatch(/facenas_latency_cache_hits_total\{service="profiler"\} 1/);
    expect(metrics).toMatch(/facenas_agents_connected\{device="pixel",service="profiler"\} 1/);
    expect(metrics).toMatch(/facenas_latency_measurement_seconds_count\{service="profiler",kind="TASK_KIND_MODEL"\} 3/);

    const devices = await unary(p.client, p.client.listDevices, {});
    expect(devices.devices.map((d) => [d.name, d.agents.length, d.cachedMeasurements])).toEqual([
      ['pixel', 1, 1],
      ['rpi', 1, 1],
    ]);
    expect(devices.devices[0].agents[0]).toMatchObject({ runtime: 'node', backend: 'fake', agentId: pixel.agent.id });
  });

  it('shares one measurement between concurrent identical requests', async () => {
    const p = await startProfiler();
    const { agent, runner } = startAgent(p.address, 'pixel', FLEET, new FakeRunner(200));
    await agent.welcomed();
    const request = { architecture: fakeArchitecture(['ccc']), device: 'pixel' };
    const [r1, r2] = await Promise.all([unary(p.client, p.client.measureLatency, request), unary(p.client, p.client.measureLatency, request)]);
    expect(runner.tasks).toHaveLength(1);
    expect(r1.latency?.medianMs).toBe(1.5);
    expect(r2.latency?.medianMs).toBe(1.5);
  });

  it('names the bad field and the unknown device', async () => {
    const p = await startProfiler();
    await expect(unary(p.client, p.client.measureLatency, { architecture: fakeArchitecture(['a', 'zz']), device: 'pixel' })).rejects.toMatchObject({
      code: grpc.status.INVALID_ARGUMENT,
      details: expect.stringMatching(/^architecture\.layers\.1: /),
    });
    await expect(unary(p.client, p.client.measureLatency, { architecture: fakeArchitecture(['a']), device: 'pixel', imageSize: 50 })).rejects.toMatchObject({
      code: grpc.status.INVALID_ARGUMENT,
      details: expect.stringMatching(/^image_size: /),
    });
    await expect(unary(p.client, p.client.measureLatency, { architecture: fakeArchitecture(['a']), device: 'nokia-3310' })).rejects.toMatchObject({
      code: grpc.status.FAILED_PRECONDITION,
      details: expect.stringContaining('"nokia-3310"'),
    });
    await expect(unary(p.client, p.client.predictLatency, { architecture: fakeArchitecture(['a']), device: 'nokia-3310' })).rejects.toMatchObject({
      code: grpc.status.FAILED_PRECONDITION,
      details: expect.stringContaining('"nokia-3310"'),
    });
  });

  it('refuses agents without a valid token, and a token outside its devices; they never get work', async () => {
    const p = await startProfiler();
    const agentClient = createClient<AgentServiceClient>(facenasGrpc().AgentService, p.address);
    cleanups.push(() => agentClient.close());
    const attempt = (token: string | undefined, device: string) =>
      new Promise<{ code: number; tasks: number }>((resolve) => {
        const metadata = new grpc.Metadata();
        if (token !== undefined) metadata.set('authorization', token);
        const call = agentClient.connect(metadata);
        let tasks = 0;
        call.on('data', (m) => (tasks += m.task ? 1 : 0));
        call.on('error', (err: grpc.ServiceError) => resolve({ code: err.code, tasks }));
        call.write({ hello: { device: { name: device } } });
      });
    expect(await attempt(undefined, 'pixel')).toEqual({ code: grpc.status.UNAUTHENTICATED, tasks: 0 });
    expect(await attempt('Bearer wrong-token-wrong-token', 'pixel')).toEqual({ code: grpc.status.UNAUTHENTICATED, tasks: 0 });
    expect(await attempt(`Bearer ${PIXEL_ONLY}`, 'rpi')).toEqual({ code: grpc.status.PERMISSION_DENIED, tasks: 0 });

    // The real agent with a bad token keeps retrying but is never registered.
    const bad = startAgent(p.address, 'pixel', 'wrong-token-wrong-token');
    await new Promise((r) => setTimeout(r, 300));
    await expect(unary(p.client, p.client.measureLatency, { architecture: fakeArchitecture(['a']), device: 'pixel' })).rejects.toMatchObject({
      code: grpc.status.FAILED_PRECONDITION,
    });
    expect(bad.runner.tasks).toHaveLength(0);
    expect(bad.agent.stats.connects).toBe(0);
    // The device-scoped token works for its own device.
    const good = startAgent(p.address, 'pixel', PIXEL_ONLY);
    await good.agent.welcomed();
    expect((await unary(p.client, p.client.measureLatency, { architecture: fakeArchitecture(['a']), device: 'pixel' })).latency?.medianMs).toBe(1.5);
  });

  it('calibrates in chunks, then predicts from the table', async () => {
    const p = await startProfiler();
    const { agent, runner } = startAgent(p.address, 'pixel', FLEET);
    await agent.welcomed();
    const calibrated = await unary(p.client, p.client.calibrate, { device: 'pixel' });
    // 3 keys in chunks of 2 → 2 LAYERS tasks; entries = the agent's unit medians (key length).
    expect(calibrated).toMatchObject({ device: 'pixel', entries: 3, overheadMs: 0.5 });
    expect(runner.tasks.map((t) => [t.kind, t.layerKeys])).toEqual([
      ['TASK_KIND_LAYERS', ['a', 'bb']],
      ['TASK_KIND_LAYERS', ['ccc']],
    ]);
    const predicted = await unary(p.client, p.client.predictLatency, { architecture: fakeArchitecture(['a', 'ccc', 'ccc']), device: 'pixel' });
    // 1 + 3 + 3 + 0.5 overhead
    expect(predicted.latency).toMatchObject({ medianMs: 7.5, source: 'LATENCY_SOURCE_PREDICTED', device: 'pixel', imageSize: 64 });
    expect(predicted.layers.map((l) => l.ms)).toEqual([1, 3, 3]);
    expect(predicted.overheadMs).toBe(0.5);
    const devices = await unary(p.client, p.client.listDevices, {});
    expect(devices.devices[0]).toMatchObject({ name: 'pixel', calibrated: true, tableEntries: 3, calibratedImageSizes: [64] });
    expect(await p.registry.metrics()).toMatch(/facenas_latency_measurements_total\{source="predicted",service="profiler"\} 1/);
  });

  it('fits a correction on measured architectures when the plain sum misses', async () => {
    // The fake's whole-model latency is 1 ms per unit + 0.5, whatever the units' table entries:
    // the fit must find scale 0 and 1 ms per unit.
    const p = await startProfiler({ fitArchitectures: 6 });
    const { agent, runner } = startAgent(p.address, 'pixel', FLEET);
    await agent.welcomed();
    await unary(p.client, p.client.calibrate, { device: 'pixel' });
    expect(runner.tasks.filter((t) => t.kind === 'TASK_KIND_MODEL').length).toBeGreaterThanOrEqual(3);
    const predicted = await unary(p.client, p.client.predictLatency, { architecture: fakeArchitecture(['a', 'ccc', 'ccc']), device: 'pixel' });
    expect(predicted.latency?.medianMs).toBeCloseTo(3.5, 9);
    // The fitting measurements went into the cache too.
    expect((await unary(p.client, p.client.listDevices, {})).devices[0].cachedMeasurements).toBeGreaterThanOrEqual(3);
  });

  it('agents dial a TLS profiler (mutual TLS), with the token on top', async () => {
    const certs = makeTestCertificates();
    const p = await startProfiler({ tls: { certFile: certs.serverCert, keyFile: certs.serverKey, clientCaFile: certs.caCert } });
    const { agent } = startAgent(p.address, 'pixel', FLEET, new FakeRunner(), { caFile: certs.caCert, certFile: certs.clientCert, keyFile: certs.clientKey });
    await agent.welcomed();
    expect(p.parts.dispatcher.hasAgent('pixel')).toBe(true);
    // Without a client certificate the TLS handshake fails: never registered.
    const plain = startAgent(p.address, 'rpi', FLEET, new FakeRunner(), { caFile: certs.caCert });
    await new Promise((r) => setTimeout(r, 300));
    expect(plain.agent.stats.connects).toBe(0);
    expect(p.parts.dispatcher.hasAgent('rpi')).toBe(false);
  });

  it('drops an agent whose heartbeats stop', async () => {
    const p = await startProfiler({ heartbeatTimeoutMs: 300 });
    const agentClient = createClient<AgentServiceClient>(facenasGrpc().AgentService, p.address, { metadata: { authorization: `Bearer ${FLEET}` } });
    cleanups.push(() => agentClient.close());
    const call = agentClient.connect();
    const status = new Promise<number>((resolve) => call.on('error', (err: grpc.ServiceError) => resolve(err.code)));
    call.on('data', () => undefined);
    call.write({ hello: { device: { name: 'silent' } } });
    await until(() => p.parts.dispatcher.hasAgent('silent'));
    expect(await status).toBe(grpc.status.UNAVAILABLE);
    expect(p.parts.dispatcher.hasAgent('silent')).toBe(false);
  });

  it('agents reconnect after the profiler restarts; the cache persists in the KV store', async () => {
    const kv = new MapKvStore();
    const first = await startProfiler({ kv });
    const port = first.server.port;
    const { agent, runner } = startAgent(first.address, 'pixel', FLEET);
    await agent.welcomed();
    await unary(first.client, first.client.measureLatency, { architecture: fakeArchitecture(['a']), device: 'pixel' });
    await first.parts.stop?.();
    await first.server.shutdown(100);
    const second = await startProfiler({ kv, port });
    // Welcomed a second time (the profiler registers it on hello, a moment before).
    await until(() => agent.stats.connects === 2);
    expect(second.parts.dispatcher.hasAgent('pixel')).toBe(true);
    const cached = await unary(second.client, second.client.measureLatency, { architecture: fakeArchitecture(['a']), device: 'pixel' });
    expect(cached.cached).toBe(true);
    await unary(second.client, second.client.measureLatency, { architecture: fakeArchitecture(['bb']), device: 'pixel' });
    expect(runner.tasks).toHaveLength(2);
  });
});
