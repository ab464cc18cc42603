// Orchestration overhead of the controller: simulated trainers (in-process consumers of
// the real `trainers` consumer) that sleep instead of training, one search, the
// in-memory bus and a private real NATS JetStream server. Training is excluded by
// construction; what is left is the controller, the bus and the bookkeeping.
//
//   npm run bench:orchestration -- [--trials 5000] [--trainers 200] [--train-ms 5000]
//       [--buses memory,nats] [--strategy random] [--checkpoint 1000]
//
// Per trial (ms):
//   dispatch = the controller creates the trial → a trainer holds its job (store the
//              trial, publish the job, JetStream delivery);
//   result   = the trainer starts publishing its SUCCEEDED report → the controller has
//              read it, computed the reward, told the strategy, created the replacement
//              trial, stored all of it and announced TRIAL_COMPLETED;
//   overhead = dispatch + result: the time a parallel slot spends outside training.
// Heap: after a forced GC, before the search and every `checkpoint` finished trials.

import { loadavg, cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { Bus } from '../../services/common/bus/bus.js';
import { createMemoryBus } from '../../services/common/bus/memory-bus.js';
import { connectNatsBus } from '../../services/common/bus/nats-bus.js';
import type { SearchEvent__Output } from '../../services/common/generated/facenas/v1/SearchEvent.js';
import { createLogger } from '../../services/common/logging/logger.js';
import { hashSeed } from '../../services/common/random/rng.js';
import { NatsServerProcess } from '../../test/support/nats-server.js';
import { startController, testSpec } from '../../test/support/controller-harness.js';
import { FormulaLatencyOracle } from '../../test/support/formula-latency-oracle.js';
import { SimulatedTrainers } from '../../test/support/simulated-trainer.js';

const { values } = parseArgs({
  options: {
    trials: { type: 'string', default: '5000' },
    trainers: { type: 'string', default: '200' },
    'train-ms': { type: 'string', default: '5000' },
    buses: { type: 'string', default: 'memory,nats' },
    strategy: { type: 'string', default: 'random' },
    checkpoint: { type: 'string', default: '1000' },
  },
});
const TRIALS = Number(values.trials);
const TRAINERS = Number(values.trainers);
const TRAIN_MS = Number(values['train-ms']);
const CHECKPOINT = Number(values.checkpoint);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc (npm run bench:orchestration does)');

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = (sorted.length - 1) * p;
  const lo = Math.floor(rank);
  return sorted[lo] + (sorted[Math.min(lo + 1, sorted.length - 1)] - sorted[lo]) * (rank - lo);
}

function summary(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const r = (x: number) => Number(x.toFixed(1));
  return { p50: r(percentile(sorted, 0.5)), p90: r(percentile(sorted, 0.9)), p99: r(percentile(sorted, 0.99)), max: r(sorted.at(-1) ?? NaN) };
}

/** V8 heap (JS objects) and array buffers (the in-memory bus keeps stored values as bytes), after a GC. */
function memory(): { heapMiB: number; buffersMiB: number } {
  gc?.();
  const m = process.memoryUsage();
  return { heapMiB: m.heapUsed / 2 ** 20, buffersMiB: m.arrayBuffers / 2 ** 20 };
}

async function runOnce(kind: string, bus: Bus, trainerBus: Bus) {
  const controller = await startController(bus, { latency: new FormulaLatencyOracle(), limits: { maxTrials: TRIALS, maxParallelTrials: TRAINERS } });
  const manager = controller.manager();
  const received = new Map<string, number>();
  const trainers = await SimulatedTrainers.start({
    bus: trainerBus,
    workers: TRAINERS,
    // Training times spread uniformly over ±50% of --train-ms (from the job's seed), as real
    // ones vary: equal sleeps would keep every trainer finishing in the same instant.
    trainMs: (job) => TRAIN_MS * (0.5 + hashSeed(job.seed, 1) / 0xffffffff),
    onJob: (job, delivery, at) => {
      if (delivery === 1) received.set(job.trialId, performance.timeOrigin + at);
    },
  });
  const heap: { finished: number; heapMiB: number; buffersMiB: number }[] = [{ finished: 0, ...memory() }];
  const completedAt = new Map<string, number>();
  const load = loadavg()[0];
  const started = performance.now();
  const runner = await manager.startSearch(testSpec({ name: `bench-${kind}`, maxTrials: TRIALS, parallelTrials: TRAINERS, algorithm: { name: values.strategy, settings: [] } }));
  let nextCheckpoint = CHECKPOINT;
  const done = new Promise<void>((resolve) => {
    manager.watch(
      runner.id,
      (event: SearchEvent__Output) => {
        if (event.kind === 'SEARCH_EVENT_KIND_TRIAL_COMPLETED' && event.trial) {
          completedAt.set(event.trial.id, performance.timeOrigin + performance.now());
          if (completedAt.size >= nextCheckpoint && completedAt.size < TRIALS) {
            heap.push({ finished: completedAt.size, ...memory() });
            nextCheckpoint += CHECKPOINT;
          }
        }
        if (event.kind === 'SEARCH_EVENT_KIND_SEARCH_COMPLETED') resolve();
      },
      false,
    );
  });
  await done;
  const wallS = (performance.now() - started) / 1000;
  const loadEnd = loadavg()[0];
  await trainers.stop();

  const trials = runner.trialList();
  const resultAt = new Map(trainers.trainings.filter((t) => t.outcome === 'succeeded').map((t) => [t.trialId, performance.timeOrigin + t.resultAt]));
  const dispatch: number[] = [];
  const result: number[] = [];
  const overhead: number[] = [];
  for (const t of trials) {
    const got = received.get(t.id);
    const reported = resultAt.get(t.id);
    const announced = completedAt.get(t.id);
    if (got === undefined || reported === undefined || announced === undefined) continue;
    dispatch.push(got - t.createdAtMs);
    result.push(announced - reported);
    overhead.push(got - t.createdAtMs + (announced - reported));
  }
  heap.push({ finished: trials.length, ...memory() });
  const recordBytes = trials.reduce((n, t) => n + JSON.stringify(t).length, 0);
  // From the first checkpoint on: the start-up (streams, strategy, first wave) is not per trial.
  const first = heap.length > 2 ? heap[1] : heap[0];
  const last = heap[heap.length - 1];
  const perTrial = (key: 'heapMiB' | 'buffersMiB') => Math.round(((last[key] - first[key]) * 2 ** 20) / (last.finished - first.finished));
  const out = {
    bus: kind,
    trials: trials.length,
    succeeded: trials.filter((t) => t.state === 'TRIAL_STATE_SUCCEEDED').length,
    trainedOnce: [...trainers.completedTrainings().values()].every((n) => n === 1),
    trainers: TRAINERS,
    trainMs: TRAIN_MS,
    wallS: Number(wallS.toFixed(1)),
    trialsPerS: Number((trials.length / wallS).toFixed(1)),
    idealTrialsPerS: Number(((TRAINERS * 1000) / TRAIN_MS).toFixed(1)),
    dispatchMs: summary(dispatch),
    resultMs: summary(result),
    overheadMs: summary(overhead),
    memory: heap.map((h) => ({ finished: h.finished, heapMiB: Number(h.heapMiB.toFixed(1)), buffersMiB: Number(h.buffersMiB.toFixed(1)) })),
    heapBytesPerFinishedTrial: perTrial('heapMiB'),
    bufferBytesPerFinishedTrial: perTrial('buffersMiB'),
    recordJsonBytesPerTrial: Math.round(recordBytes / trials.length),
    loadavg1m: { start: Number(load.toFixed(2)), end: Number(loadEnd.toFixed(2)) },
  };
  await controller.stop();
  return out;
}

const logger = createLogger('bench', 'silent');
console.log(JSON.stringify({ node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model, strategy: values.strategy }));
for (const kind of values.buses.split(',')) {
  if (kind === 'memory') {
    const bus = createMemoryBus();
    console.log(JSON.stringify(await runOnce('memory', bus, bus)));
    await bus.close();
  } else if (kind === 'nats') {
    const server = await NatsServerProcess.start();
    const controllerBus = await connectNatsBus({ url: server.url, name: 'bench-controller', logger });
    const trainerBus = await connectNatsBus({ url: server.url, name: 'bench-trainers', logger });
    console.log(JSON.stringify(await runOnce('nats', controllerBus, trainerBus)));
    await trainerBus.close();
    await controllerBus.close();
    await server.dispose();
  } else {
    throw new Error(`--buses: unknown bus ${JSON.stringify(kind)} (memory, nats)`);
  }
}
