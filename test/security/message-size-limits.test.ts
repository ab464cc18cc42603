import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkHealth } from '../../services/common/grpc/health-client.js';
import { controllerServeEntry } from '../../services/controller/serve-controller.js';
import { datasetServeEntry } from '../../services/dataset/serve-dataset.js';
import { agentServeEntry } from '../../services/profiler/agent/serve-agent.js';
import { trainerServeEntry } from '../../services/trainer/serve-trainer.js';
import { expectRefusal, expectStillServing, type ServiceUnderTest } from '../support/bad-input.js';
import { testSpec } from '../support/controller-harness.js';
import { encodeMessage, rawClient, rawServerStream, rawUnary, type CallOutcome } from '../support/grpc-raw.js';
import { NatsServerProcess } from '../support/nats-server.js';
import { FLEET_TOKEN, smallestArchitecture, startProfilerUnderTest, type ProfilerUnderTest } from '../support/profiler-under-test.js';
import { RawAgentStream } from '../support/scripted-agent.js';
import { serveFromFlags, type ServedService } from '../support/served-service.js';

// --max-message-bytes on every server: a request over it is RESOURCE_EXHAUSTED before any
// handler runs (grpc-js reads the length prefix), and the server goes on serving. 64 KiB
// here, so "too big" is cheap to send; the 16 MiB default is exercised by the 100 MB
// architecture of test/bad-input/profiler-service.test.ts.

const LIMIT = 64 * 1024;
const OVER = 100 * 1024;
let dir: string;
let dataset: ServedService;
let profiler: ProfilerUnderTest;
let agent: ServedService;
let controller: ServedService;
let nats: NatsServerProcess;
let trainer: ServedService;
const clients: grpc.Client[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'facenas-limits-'));
  const limit = ['--max-message-bytes', String(LIMIT)];
  dataset = await serveFromFlags(datasetServeEntry, [...limit, '--render-threads', '0']);
  profiler = await startProfilerUnderTest({ flags: limit });
  writeFileSync(join(dir, 'token'), `${FLEET_TOKEN}\n`);
  agent = await serveFromFlags(agentServeEntry, [...limit, '--profiler', profiler.address, '--device', 'edge-limits', '--token-file', join(dir, 'token')]);
  controller = await serveFromFlags(controllerServeEntry, [...limit, '--profiler', profiler.address]);
  nats = await NatsServerProcess.start();
  trainer = await serveFromFlags(trainerServeEntry, [...limit, '--nats', nats.url]);
  await Promise.all([dataset.hosted.ready, agent.hosted.ready, controller.hosted.ready, trainer.hosted.ready]);
}, 60_000);

afterAll(async () => {
  for (const c of clients) c.close();
  await trainer?.stop();
  await nats?.dispose();
  await controller?.stop();
  await agent?.stop();
  await profiler?.stop();
  await dataset?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function raw(address: string): grpc.Client {
  const client = rawClient(address);
  clients.push(client);
  return client;
}

const datasetTarget = (): ServiceUnderTest => ({
  service: 'facenas.v1.DatasetService',
  address: dataset.address,
  validCall: async () => {
    const outcome = await rawUnary(raw(dataset.address), '/facenas.v1.DatasetService/DescribeDataset', encodeMessage('facenas.v1.DescribeDatasetRequest', { uri: 'synthetic:identities=2,images=2,size=32,eval_identities=0' }));
    expect(outcome.code, outcome.details).toBe(grpc.status.OK);
  },
});

const controllerTarget = (): ServiceUnderTest => ({
  service: 'facenas.v1.SearchService',
  address: controller.address,
  validCall: async () => {
    const outcome = await rawUnary(raw(controller.address), '/facenas.v1.SearchService/ListSearches', new Uint8Array(0));
    expect(outcome.code, outcome.details).toBe(grpc.status.OK);
  },
});

/** A StartSearchRequest whose dataset URI is `length` characters, the rest of the spec valid. */
function startSearchBody(length: number): Uint8Array {
  return encodeMessage('facenas.v1.StartSearchRequest', { spec: { ...testSpec(), dataset: `synthetic:${'x'.repeat(length)}` } });
}

function expectTooLarge(outcome: Pick<CallOutcome, 'code' | 'details'>): void {
  expectRefusal(outcome, grpc.status.RESOURCE_EXHAUSTED, /larger than/);
}

describe('dataset service with --max-message-bytes', () => {
  it('refuses a unary request over the limit, then serves', async () => {
    const body = encodeMessage('facenas.v1.DescribeDatasetRequest', { uri: `folder:/${'a'.repeat(OVER)}` });
    expectTooLarge(await rawUnary(raw(dataset.address), '/facenas.v1.DatasetService/DescribeDataset', body));
    await expectStillServing(datasetTarget());
  });

  it('refuses a streaming request over the limit, then serves', async () => {
    const body = encodeMessage('facenas.v1.StreamBatchesRequest', { uri: `synthetic:${'x'.repeat(OVER)}`, batchSize: 1 });
    expectTooLarge(await rawServerStream(raw(dataset.address), '/facenas.v1.DatasetService/StreamBatches', body));
    await expectStillServing(datasetTarget());
  });

  it('judges a request just under the limit on its content instead', async () => {
    const body = encodeMessage('facenas.v1.DescribeDatasetRequest', { uri: `folder:/${'a'.repeat(LIMIT - 100)}` });
    expectRefusal(await rawUnary(raw(dataset.address), '/facenas.v1.DatasetService/DescribeDataset', body), grpc.status.INVALID_ARGUMENT, 'uri');
  });
});

describe('profiler with --max-message-bytes', () => {
  it('refuses an architecture over the limit, then measures', async () => {
    const body = encodeMessage('facenas.v1.MeasureLatencyRequest', { architecture: { ...smallestArchitecture(), json: ' '.repeat(OVER) }, device: 'edge-valid' });
    expectTooLarge(await rawUnary(raw(profiler.address), '/facenas.v1.ProfilerService/MeasureLatency', body));
    await expectStillServing(profiler.target);
  });

  it('closes an agent stream whose message is over the limit; other agents keep working', async () => {
    const stream = new RawAgentStream(profiler.address, FLEET_TOKEN);
    stream.write(encodeMessage('facenas.v1.ConnectRequest', { hello: { device: { name: 'edge-big', cpuModel: 'c'.repeat(OVER) } } }));
    expectTooLarge(await stream.closed);
    expect(stream.received).toBe(0);
    await expectStillServing(profiler.target);
  });
});

describe('controller with --max-message-bytes', () => {
  it('refuses a StartSearch over the limit, then serves', async () => {
    expectTooLarge(await rawUnary(raw(controller.address), '/facenas.v1.SearchService/StartSearch', startSearchBody(OVER)));
    await expectStillServing(controllerTarget());
  });

  it('refuses a WatchSearch over the limit, then serves', async () => {
    const body = encodeMessage('facenas.v1.WatchSearchRequest', { searchId: 's'.repeat(OVER) });
    expectTooLarge(await rawServerStream(raw(controller.address), '/facenas.v1.SearchService/WatchSearch', body));
    await expectStillServing(controllerTarget());
  });

  it('judges a request just under the limit on its content instead', async () => {
    const outcome = await rawUnary(raw(controller.address), '/facenas.v1.SearchService/StartSearch', startSearchBody(LIMIT - 300));
    expectRefusal(outcome, grpc.status.INVALID_ARGUMENT, /^spec\.dataset: at most 4096 characters/);
  });
});

describe('trainer host with --max-message-bytes', () => {
  it('refuses a health check over the limit, then answers health', async () => {
    const body = encodeMessage('facenas.v1.DescribeDatasetRequest', { uri: 'x'.repeat(OVER) });
    expectTooLarge(await rawUnary(raw(trainer.address), '/grpc.health.v1.Health/Check', body));
    expect(await checkHealth(trainer.address, '', { deadlineMs: 5_000 })).toBe('SERVING');
  });
});

describe('agent host with --max-message-bytes', () => {
  it('refuses a health check over the limit, then answers health', async () => {
    const body = encodeMessage('facenas.v1.DescribeDatasetRequest', { uri: 'x'.repeat(OVER) });
    // grpc.health.v1.HealthCheckRequest has `service` as field 1, a string, like DescribeDatasetRequest.uri.
    expectTooLarge(await rawUnary(raw(agent.address), '/grpc.health.v1.Health/Check', body));
    expect(await checkHealth(agent.address, '', { deadlineMs: 5_000 })).toBe('SERVING');
  });
});
