import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bus } from '../../services/common/bus/bus.js';
import { createMemoryBus } from '../../services/common/bus/memory-bus.js';
import type { SearchEvent__Output } from '../../services/common/generated/facenas/v1/SearchEvent.js';
import type { SearchServiceClient } from '../../services/common/generated/facenas/v1/SearchService.js';
import type { WatchSearchResponse__Output } from '../../services/common/generated/facenas/v1/WatchSearchResponse.js';
import { createClient, serverStream, unary } from '../../services/common/grpc/client.js';
import { facenasGrpc } from '../../services/common/grpc/proto-package.js';
import { startGrpcServer, type GrpcServerHandle } from '../../services/common/grpc/server.js';
import { createLogger } from '../../services/common/logging/logger.js';
import { dominates } from '../../services/controller/pareto/pareto-front.js';
import type { ControllerParts } from '../../services/controller/controller-parts.js';
import { startController, testSpec, until } from '../support/controller-harness.js';
import { SimulatedTrainers } from '../support/simulated-trainer.js';

// Every SearchService RPC over a real gRPC server, the controller on the in-memory bus,
// trainers simulated.

let bus: Bus;
let controller: ControllerParts;
let trainers: SimulatedTrainers;
let server: GrpcServerHandle;
let client: SearchServiceClient;

beforeAll(async () => {
  bus = createMemoryBus();
  controller = await startController(bus);
  trainers = await SimulatedTrainers.start({ bus, workers: 3, trainMs: 30 });
  const logger = createLogger('test', 'silent');
  server = await startGrpcServer({ services: controller.bindings, port: 0, host: '127.0.0.1', logger });
  client = createClient<SearchServiceClient>(facenasGrpc().SearchService, `127.0.0.1:${server.port}`);
});

afterAll(async () => {
  client?.close();
  await server?.shutdown(200);
  await trainers?.stop();
  await controller?.stop();
  await bus?.close();
});

async function failure(call: Promise<unknown>): Promise<grpc.ServiceError> {
  const err = await call.then(
    () => null,
    (e: unknown) => e as grpc.ServiceError,
  );
  if (!err) throw new Error('the call succeeded');
  return err;
}

function watch(searchId: string, extra: { noSnapshot?: boolean; noProgress?: boolean } = {}): Promise<SearchEvent__Output[]> {
  const stream = serverStream(client, client.watchSearch, { searchId, ...extra }, { deadlineMs: 30_000 });
  const events: SearchEvent__Output[] = [];
  return new Promise((resolve, reject) => {
    stream.on('data', (m: WatchSearchResponse__Output) => events.push(m.event as SearchEvent__Output));
    stream.on('end', () => resolve(events));
    stream.on('error', reject);
  });
}

describe('SearchService over gRPC', () => {
  it('StartSearch rejects a bad spec with INVALID_ARGUMENT naming each bad field', async () => {
    const spec = testSpec({
      parallelTrials: 100_000,
      dataset: 'imagenet',
      reward: { ...testSpec().reward!, constraint: 'REWARD_CONSTRAINT_HARD', alpha: -0.5, device: '' },
      algorithm: { name: 'annealing', settings: [] },
    });
    const err = await failure(unary(client, client.startSearch, { spec }));
    expect(err.code).toBe(grpc.status.INVALID_ARGUMENT);
    for (const field of ['spec.parallel_trials', 'spec.dataset', 'spec.reward.alpha', 'spec.reward.device', 'spec.algorithm.name']) expect(err.details).toContain(`${field}:`);
    expect(err.details).toContain('available: reinforce, evolution, random');
    expect((await failure(unary(client, client.startSearch, {}))).details).toBe('spec: required');
  });

  it('runs a search: StartSearch, WatchSearch, GetSearch, ListSearches, ListTrials, GetParetoFront, ExportArchitecture', async () => {
    const started = await unary(client, client.startSearch, { spec: testSpec({ name: 'grpc', maxTrials: 6, parallelTrials: 2 }) });
    expect(started.searchId).toMatch(/^grpc-[0-9a-f]{8}$/);
    expect(started.search).toMatchObject({ id: started.searchId, state: 'SEARCH_STATE_RUNNING', spec: { maxTrials: 6, parallelTrials: 2 } });

    const events = await watch(started.searchId, { noProgress: true });
    expect(events[0].kind).toBe('SEARCH_EVENT_KIND_SNAPSHOT');
    expect(events.at(-1)?.kind).toBe('SEARCH_EVENT_KIND_SEARCH_COMPLETED');
    const seqs = events.slice(1).map((e) => Number(e.seq));
    expect(seqs).toEqual(seqs.map((_, i) => seqs[0] + i));
    expect(new Set(events.filter((e) => e.kind === 'SEARCH_EVENT_KIND_TRIAL_COMPLETED').map((e) => e.trial?.id)).size + (events[0].trials.filter((t) => t.state === 'TRIAL_STATE_SUCCEEDED').length)).toBe(6);

    const { search } = await unary(client, client.getSearch, { searchId: started.searchId });
    expect(search).toMatchObject({ state: 'SEARCH_STATE_SUCCEEDED', trialsCreated: 6, trialsSucceeded: 6, trialsRunning: 0 });
    const finished = await unary(client, client.listSearches, { state: 'SEARCH_STATE_SUCCEEDED' });
    expect(finished.searches.map((s) => s.id)).toContain(started.searchId);
    expect((await unary(client, client.listSearches, { state: 'SEARCH_STATE_STOPPED' })).searches.map((s) => s.id)).not.toContain(started.searchId);

    const { trials } = await unary(client, client.listTrials, { searchId: started.searchId });
    expect(trials.map((t) => t.index)).toEqual([0, 1, 2, 3, 4, 5]);
    for (const t of trials) {
      expect(t).toMatchObject({ state: 'TRIAL_STATE_SUCCEEDED', hasReward: true, attempts: 1, searchId: started.searchId });
      expect(t.architecture?.json).toContain('"blocks"');
      expect(t.latency?.source).toBe('LATENCY_SOURCE_MEASURED');
    }
    expect((await unary(client, client.listTrials, { searchId: started.searchId, state: 'TRIAL_STATE_FAILED' })).trials).toEqual([]);

    const front = (await unary(client, client.getParetoFront, { searchId: started.searchId })).trials;
    expect(front.length).toBeGreaterThan(0);
    const point = (t: (typeof trials)[number]) => ({ accuracy: t.accuracy, latencyMs: t.latency?.medianMs ?? NaN });
    const latencies = front.map((t) => point(t).latencyMs);
    expect(latencies).toEqual([...latencies].sort((a, b) => a - b));
    for (const t of trials) {
      const onFront = front.some((f) => f.id === t.id);
      const beaten = trials.some((o) => dominates(point(o), point(t)));
      expect(onFront).toBe(!beaten);
    }

    const best = trials.reduce((a, b) => (b.reward > a.reward ? b : a));
    const exported = await unary(client, client.exportArchitecture, { searchId: started.searchId });
    expect(exported.trial?.id).toBe(best.id);
    expect(exported.architecture).toEqual(best.architecture);
    expect(exported.modelUri).toBe(`file:///tmp/facenas-test-models/${started.searchId}/${best.id}`);
    expect((await unary(client, client.exportArchitecture, { searchId: started.searchId, trialId: 'trial-0003' })).trial?.id).toBe('trial-0003');

    // A finished search: the snapshot is the whole story.
    const late = await watch(started.searchId);
    expect(late.map((e) => e.kind)).toEqual(['SEARCH_EVENT_KIND_SNAPSHOT']);
    expect(late[0].trials).toHaveLength(6);
  });

  it('StopSearch kills running trials and ResumeSearch carries on', async () => {
    await trainers.stop();
    const { searchId } = await unary(client, client.startSearch, { spec: testSpec({ maxTrials: 4, parallelTrials: 2 }) });
    trainers = await SimulatedTrainers.start({ bus, workers: 3, trainMs: 20_000, name: 'slow' });
    await until(async () => (await unary(client, client.getSearch, { searchId })).search?.trialsRunning === 2, 'two running');

    const stopped = await unary(client, client.stopSearch, { searchId });
    expect(stopped.search).toMatchObject({ state: 'SEARCH_STATE_STOPPED', trialsKilled: 2, trialsRunning: 0, message: 'stopped by request' });
    expect((await failure(unary(client, client.exportArchitecture, { searchId }))).code).toBe(grpc.status.FAILED_PRECONDITION);
    await until(() => trainers.trainings.filter((t) => t.outcome === 'killed').length === 2, 'kill orders obeyed');
    await trainers.stop();
    trainers = await SimulatedTrainers.start({ bus, workers: 3, trainMs: 10, name: 'fast' });

    expect((await failure(unary(client, client.resumeSearch, { searchId, maxTrials: -2 }))).code).toBe(grpc.status.INVALID_ARGUMENT);
    const resumed = await unary(client, client.resumeSearch, { searchId, maxTrials: 0 });
    expect(resumed.search?.state).toBe('SEARCH_STATE_RUNNING');
    expect((await failure(unary(client, client.resumeSearch, { searchId }))).code).toBe(grpc.status.FAILED_PRECONDITION);
    await until(async () => (await unary(client, client.getSearch, { searchId })).search?.state === 'SEARCH_STATE_SUCCEEDED', 'resumed search done');
    expect((await unary(client, client.getSearch, { searchId })).search).toMatchObject({ trialsSucceeded: 4, trialsKilled: 2, trialsCreated: 6 });
  });

  it('answers NOT_FOUND for unknown ids and INVALID_ARGUMENT for missing ones', async () => {
    const unknown = { searchId: 'no-such-search' };
    for (const call of [
      unary(client, client.getSearch, unknown),
      unary(client, client.stopSearch, unknown),
      unary(client, client.resumeSearch, unknown),
      unary(client, client.listTrials, unknown),
      unary(client, client.getParetoFront, unknown),
      unary(client, client.exportArchitecture, unknown),
      watch('no-such-search'),
    ]) {
      const err = await failure(call);
      expect(err.code).toBe(grpc.status.NOT_FOUND);
      expect(err.details).toBe('search "no-such-search" not found');
    }
    const { searches } = await unary(client, client.listSearches, {});
    const err = await failure(unary(client, client.exportArchitecture, { searchId: searches[0].id, trialId: 'trial-9999' }));
    expect(err.code).toBe(grpc.status.NOT_FOUND);
    expect(err.details).toContain('"trial-9999" not found');
    const missing = await failure(unary(client, client.getSearch, { searchId: '' }));
    expect(missing.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(missing.details).toBe('search_id: required');
  });
});
