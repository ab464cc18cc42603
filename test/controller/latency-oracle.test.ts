import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryBus } from '../../services/common/bus/memory-bus.js';
import type { RewardSpec__Output } from '../../services/common/generated/facenas/v1/RewardSpec.js';
import { createLogger } from '../../services/common/logging/logger.js';
import { decode, encode, MOBILEFACENET, toArchitectureMessage } from '../../services/common/search-space/index.js';
import { profilerLatencyOracle, type LatencyOracle } from '../../services/controller/latency/latency-oracle.js';
import { LatencyStore } from '../../services/profiler/latency-store.js';
import { searchSpaceCatalog } from '../../services/profiler/search-space-catalog.js';
import { LATENCY_BUCKET } from '../../services/profiler/serve-profiler.js';
import { startController, testSpec, untilState } from '../support/controller-harness.js';
import { freePort } from '../support/nats-server.js';
import { SimulatedTrainers } from '../support/simulated-trainer.js';
import { AGENT_DEVICE, AGENT_IMAGE_SIZE, startProfilerWithAgent, type ProfilerWithAgent } from './profiler-with-agent.js';

// The controller's latency oracle against a real profiler with a real agent timing real
// models on the wasm backend (32x32, 1 warm-up and 3 timed runs, to stay quick).

const SIZE = AGENT_IMAGE_SIZE;
const DEVICE = AGENT_DEVICE;
const logger = createLogger('test', 'silent');

let profiler: ProfilerWithAgent;
let oracle: LatencyOracle;

function reward(overrides: Partial<RewardSpec__Output> = {}): RewardSpec__Output {
  return { constraint: 'REWARD_CONSTRAINT_SOFT', alpha: 0, beta: 0, targetLatencyMs: 10, device: DEVICE, allowPredictedLatency: false, imageSize: SIZE, ...overrides };
}

const tiny = toArchitectureMessage(decode(new Array<number>(encode(MOBILEFACENET).length).fill(0)), SIZE);

beforeAll(async () => {
  profiler = await startProfilerWithAgent();
  oracle = profilerLatencyOracle({ address: profiler.address, logger, deadlineMs: 60_000 });
});

afterAll(async () => {
  oracle?.close();
  await profiler?.stop();
});

describe('profilerLatencyOracle', () => {
  it('measures on the device agent, and the profiler answers a repeat from its cache', async () => {
    const measured = await oracle.latency(tiny, reward());
    expect(measured).toMatchObject({ device: DEVICE, source: 'LATENCY_SOURCE_MEASURED', runs: 3, imageSize: SIZE });
    expect(measured.medianMs).toBeGreaterThan(0);
    expect(measured.p90Ms).toBeGreaterThanOrEqual(measured.medianMs);
    const again = await oracle.latency(tiny, reward());
    expect(again).toMatchObject({ source: 'LATENCY_SOURCE_CACHED', medianMs: measured.medianMs });
    expect(profiler.agent.stats.tasksCompleted).toBe(1);
  });

  it('without an agent of the device: fails, or predicts from the table when the spec allows it, marked PREDICTED', async () => {
    const absent = reward({ device: 'edge-absent' });
    await expect(oracle.latency(tiny, absent)).rejects.toMatchObject({ kind: 'FAILED_PRECONDITION', message: 'no agent of device "edge-absent" is connected' });
    await expect(oracle.latency(tiny, { ...absent, allowPredictedLatency: true })).rejects.toMatchObject({
      code: grpc.status.FAILED_PRECONDITION,
      details: expect.stringContaining('has no latency table at image size 32'),
    });

    // A table as a calibration leaves it in the profiler's store: 0.5 ms per layer unit of this architecture, 0.25 ms overhead.
    const keys = searchSpaceCatalog().resolve(tiny, SIZE).layerKeys;
    await new LatencyStore(await profiler.bus.kv(LATENCY_BUCKET)).putTable({ device: 'edge-absent', imageSize: SIZE, entries: Object.fromEntries(keys.map((k) => [k, 0.5])), overheadMs: 0.25, createdAtMs: Date.now() });
    const predicted = await oracle.latency(tiny, { ...absent, allowPredictedLatency: true });
    expect(predicted).toMatchObject({ source: 'LATENCY_SOURCE_PREDICTED', device: 'edge-absent', imageSize: SIZE, runs: 0 });
    expect(predicted.medianMs).toBeCloseTo(0.5 * keys.length + 0.25, 9);
  });

  it('gives up on a profiler that does not answer, saying where it looked', async () => {
    const address = `127.0.0.1:${await freePort()}`;
    const nowhere = profilerLatencyOracle({ address, logger, deadlineMs: 150, attempts: 2, backoffMs: 10 });
    await expect(nowhere.latency(tiny, reward())).rejects.toMatchObject({ kind: 'UNAVAILABLE', message: expect.stringContaining(`profiler at ${address} unavailable for MeasureLatency`) });
    nowhere.close();
  });

  it('gives a controller search measured latencies for its trials', async () => {
    const searchBus = createMemoryBus();
    const controller = await startController(searchBus, { latency: profilerLatencyOracle({ address: profiler.address, logger, deadlineMs: 60_000 }) });
    const trainers = await SimulatedTrainers.start({ bus: searchBus, workers: 2, trainMs: 10 });
    try {
      const runner = await controller.manager().startSearch(testSpec({ maxTrials: 2, parallelTrials: 2, reward: reward() }));
      await untilState(() => runner, ['SEARCH_STATE_SUCCEEDED', 'SEARCH_STATE_FAILED'], 60_000);
      expect(runner.search.state).toBe('SEARCH_STATE_SUCCEEDED');
      for (const t of runner.trialList()) {
        expect(t.latency).toMatchObject({ device: DEVICE, imageSize: SIZE });
        expect(['LATENCY_SOURCE_MEASURED', 'LATENCY_SOURCE_CACHED']).toContain(t.latency?.source);
        expect(t.reward).toBeCloseTo((t.accuracy as number) * Math.pow((t.latency?.medianMs as number) / 10, -0.07), 12);
      }
    } finally {
      await trainers.stop();
      await controller.stop();
      await searchBus.close();
    }
  });
});
