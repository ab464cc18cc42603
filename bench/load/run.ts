// Load on the controller's SearchService: 20 searches started at once and 50 WatchSearch
// clients following them, while other clients keep polling GetSearch and ListTrials.
//
//   npm run bench:load -- [--searches 20] [--watchers 50] [--trials 30] [--parallel 4]
//       [--workers 40] [--train-ms 1000] [--pollers 4] [--poll-pause-ms 50]
//
// The controller is a real `facenas serve controller` process on a private nats-server
// (JetStream), as deployed: clients reach it over gRPC from another process, and every
// step it takes writes JetStream KV and publishes trial jobs. In-process with the memory
// bus, the bench's own 50 stream decoders would share the controller's event loop (its
// RPC latency would include the clients' backlog) and the JetStream round trips the
// deployment pays would be missing. Training is simulated (test/support/simulated-
// trainer.ts: workers on the real `trainers` consumer that sleep 50-150% of --train-ms and
// report like a trainer); latencies come from the formula oracle behind a stand-in
// ProfilerService (formula-profiler.ts).
//
// Reported: StartSearch latency (the concurrent starts), GetSearch and ListTrials latency
// while the load runs (p50/p90/p99/max, ms), event lag (event time → a watcher received
// it; the event time is taken before the step is stored, so the lag includes the
// JetStream KV writes), each also "steady": only from the moment every search had a trial
// completed, without the start burst (20 searches creating and dispatching their first
// trials at once). Lost events: every watcher must see every event of its search after its
// snapshot with seq increasing by one, end with SEARCH_COMPLETED, and agree with the
// final ListTrials on each trial's state. Exits 1 when anything was lost.

import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { connectNatsBus } from '../../services/common/bus/nats-bus.js';
import type { Search__Output } from '../../services/common/generated/facenas/v1/Search.js';
import type { SearchSpec } from '../../services/common/generated/facenas/v1/SearchSpec.js';
import type { Trial__Output } from '../../services/common/generated/facenas/v1/Trial.js';
import { createLogger } from '../../services/common/logging/logger.js';
import { hashSeed } from '../../services/common/random/rng.js';
import { searchApi } from '../../services/cli/search/search-api.js';
import { NatsServerProcess } from '../../test/support/nats-server.js';
import { startServiceProcess } from '../../test/support/service-process.js';
import { SimulatedTrainers } from '../../test/support/simulated-trainer.js';
import { startFormulaProfiler } from './formula-profiler.js';
import { lostEvents } from './lost-events.js';
import { summarize } from './percentiles.js';
import { RpcSampler } from './rpc-sampler.js';
import { watchToEnd, type WatchRecord } from './search-watcher.js';

const { values } = parseArgs({
  options: {
    searches: { type: 'string', default: '20' },
    watchers: { type: 'string', default: '50' },
    trials: { type: 'string', default: '30' },
    parallel: { type: 'string', default: '4' },
    workers: { type: 'string', default: '40' },
    'train-ms': { type: 'string', default: '1000' },
    pollers: { type: 'string', default: '4' },
    'poll-pause-ms': { type: 'string', default: '50' },
    'timeout-s': { type: 'string', default: '600' },
  },
});
const int = (name: keyof typeof values) => {
  const n = Number(values[name]);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, got ${JSON.stringify(values[name])}`);
  return n;
};
const SEARCHES = int('searches');
const WATCHERS = int('watchers');
const TRIALS = int('trials');
const PARALLEL = int('parallel');
const WORKERS = int('workers');
const TRAIN_MS = int('train-ms');
const POLLERS = int('pollers');
const POLL_PAUSE_MS = int('poll-pause-ms');
const TIMEOUT_MS = int('timeout-s') * 1000;

const logger = createLogger('bench-load', 'silent');

function spec(i: number): SearchSpec {
  return {
    name: `load-${i}`,
    dataset: 'synthetic:identities=20,images=4,size=32',
    budget: { epochs: 1, imageSize: 32, batchSize: 8, warmupEpochs: 0 },
    algorithm: { name: 'random' },
    objective: 'OBJECTIVE_VERIFICATION',
    reward: { constraint: 'REWARD_CONSTRAINT_SOFT', device: 'edge-load', targetLatencyMs: 10, imageSize: 32 },
    maxTrials: TRIALS,
    parallelTrials: PARALLEL,
    includeBaseline: false,
    seed: 7_000 + i,
  };
}

async function withTimeout<T>(work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} did not finish within ${TIMEOUT_MS} ms`)), TIMEOUT_MS)));
  try {
    return await Promise.race([work, limit]);
  } finally {
    clearTimeout(timer);
  }
}

/** The whole run; what it starts is pushed onto `cleanup` (stopped in reverse order, also after a failure). */
async function run(cleanup: (() => Promise<unknown>)[]): Promise<number> {
  const nats = await NatsServerProcess.start();
  cleanup.push(() => nats.dispose());
  const profiler = await startFormulaProfiler(logger);
  cleanup.push(() => profiler.stop());
  const controller = await startServiceProcess('controller', ['--nats', nats.url, '--profiler', profiler.address, '--max-parallel-limit', String(Math.max(64, PARALLEL))]);
  cleanup.push(() => controller.kill('SIGTERM'));
  const trainerBus = await connectNatsBus({ url: nats.url, name: 'bench-load-trainers', logger });
  cleanup.push(() => trainerBus.close());
  const trainers = await SimulatedTrainers.start({
    bus: trainerBus,
    workers: WORKERS,
    trainMs: (job) => TRAIN_MS * (0.5 + hashSeed(job.seed, 1) / 0xffffffff),
  });
  cleanup.push(() => trainers.stop());
  const starter = searchApi(controller.address);
  const pollerApis = Array.from({ length: POLLERS }, () => searchApi(controller.address));
  const searchIds: string[] = [];
  const sampler = new RpcSampler(pollerApis, () => searchIds, POLL_PAUSE_MS);
  cleanup.push(async () => {
    await sampler.stop();
    starter.close();
    for (const api of pollerApis) api.close();
  });

  console.log(JSON.stringify({ node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model, searches: SEARCHES, watchers: WATCHERS, trials: TRIALS, parallel: PARALLEL, workers: WORKERS, trainMs: TRAIN_MS, pollers: POLLERS }));
  const load0 = loadavg();
  const t0 = performance.now();
  const t0Wall = Date.now();
  sampler.start();

  // All searches are asked for at once; each search's watchers attach as soon as it exists
  // (a watch starts with a snapshot, so nothing before it is missed).
  const startMs: number[] = [];
  const watches: Promise<WatchRecord>[] = [];
  let watcherNo = 0;
  const started: Search__Output[] = await Promise.all(
    Array.from({ length: SEARCHES }, async (_, i) => {
      const s0 = performance.now();
      const search = await starter.start(spec(i));
      startMs.push(performance.now() - s0);
      searchIds.push(search.id);
      for (let w = i; w < WATCHERS; w += SEARCHES) watches.push(watchToEnd(controller.address, search.id, watcherNo++));
      return search;
    }),
  );
  const records = await withTimeout(Promise.all(watches), 'the watched searches');
  const wallS = (performance.now() - t0) / 1000;
  await sampler.stop();
  const load1 = loadavg();

  const finalTrials = new Map<string, Trial__Output[]>();
  const finalSearches: Search__Output[] = [];
  for (const s of started) {
    finalTrials.set(s.id, await starter.trials(s.id));
    finalSearches.push(await starter.get(s.id));
  }
  const problems = lostEvents(records, finalTrials);
  // Steady load: from the moment every search had a trial completed (the first wave of
  // 20 x parallel trials, created and dispatched at once, is over) to the end.
  const steadyFrom = Math.max(...records.map((r) => r.firstCompletionAt ?? Number.POSITIVE_INFINITY));
  /** The latencies of [time, latency] samples taken at or after `from`. */
  const latenciesFrom = (samples: readonly [number, number][], from = 0) => samples.filter(([at]) => at >= from).map(([, ms]) => ms);
  const totalTrials = [...finalTrials.values()].reduce((n, t) => n + t.length, 0);
  const events = records.reduce((n, r) => n + r.events, 0);

  const report = {
    wallS: Number(wallS.toFixed(1)),
    searchesSucceeded: finalSearches.filter((s) => s.state === 'SEARCH_STATE_SUCCEEDED').length,
    trials: totalTrials,
    trialsSucceeded: [...finalTrials.values()].flat().filter((t) => t.state === 'TRIAL_STATE_SUCCEEDED').length,
    trainedOnce: [...trainers.completedTrainings().values()].every((n) => n === 1),
    latencyCalls: profiler.measured,
    watchers: records.length,
    eventsDelivered: events,
    eventsPerS: Number((events / wallS).toFixed(0)),
    lostEvents: problems.length,
    /** Whole run, and only what was answered under steady load (steadyFrom). */
    rpcMs: {
      StartSearch: summarize(startMs),
      GetSearch: summarize(latenciesFrom(sampler.samples.GetSearch)),
      ListTrials: summarize(latenciesFrom(sampler.samples.ListTrials)),
      'GetSearch (steady)': summarize(latenciesFrom(sampler.samples.GetSearch, steadyFrom)),
      'ListTrials (steady)': summarize(latenciesFrom(sampler.samples.ListTrials, steadyFrom)),
    },
    rpcErrors: sampler.errors,
    eventLagMs: summarize(latenciesFrom(records.flatMap((r) => r.lag))),
    eventLagSteadyMs: summarize(latenciesFrom(records.flatMap((r) => r.lag), steadyFrom)),
    steadyFromS: Number(((steadyFrom - t0Wall) / 1000).toFixed(1)),
    loadavg1m: { start: Number(load0[0].toFixed(2)), end: Number(load1[0].toFixed(2)) },
  };
  console.log(JSON.stringify(report));
  const row = (name: string, s: { n: number; p50: number; p90: number; p99: number; max: number }) => `| ${name} | ${s.n} | ${s.p50} | ${s.p90} | ${s.p99} | ${s.max} |`;
  console.log(['', '| RPC | calls | p50 ms | p90 ms | p99 ms | max ms |', '|---|---|---|---|---|---|', ...Object.entries(report.rpcMs).map(([k, s]) => row(k, s)), row('event lag (WatchSearch)', report.eventLagMs), row('event lag (steady)', report.eventLagSteadyMs)].join('\n'));
  for (const p of problems.slice(0, 20)) console.log(`LOST: ${p}`);

  return problems.length > 0 || report.searchesSucceeded !== SEARCHES ? 1 : 0;
}

const cleanup: (() => Promise<unknown>)[] = [];
let exitCode = 1;
try {
  exitCode = await run(cleanup);
} catch (err) {
  console.error(err);
} finally {
  for (const stop of cleanup.reverse()) await stop().catch((err: unknown) => console.error('cleanup failed:', err));
}
process.exit(exitCode);
