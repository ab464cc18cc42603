import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchSpec } from '../../services/common/generated/facenas/v1/SearchSpec.js';
import { waitForAnyEntry, type LogEntry } from '../support/service-process.js';
import { ACK_WAIT_MS, DEVICE, FaultCluster } from './fault-cluster.js';
import { formatFaultTable, type FaultRow } from './fault-table.js';
import { searchOutcome, type Bookkeeping, type SearchOutcome } from './search-outcome.js';

// Issue #10 part 1: faults injected into a running search on a real deployment (see
// fault-cluster.ts), one search per fault, after one undisturbed reference search with
// the same spec. After each fault the search must finish with the reference's
// bookkeeping (trial count, final states), every trial trained to completion exactly
// once (search-outcome.ts says what "once" means when a trainer died mid-trial) and no
// result lost. Trials are tiny (8 identities x 8 images at 32x32, one epoch of batch 8),
// so a search of 4 trials takes seconds and the suite stays within a few minutes.

const MAX_TRIALS = 4;
const SEARCH_TIMEOUT_MS = 150_000;
const DATASET_OUTAGE_MS = 10_000;

let cluster: FaultCluster;
let reference: Bookkeeping | null = null;
const rows: FaultRow[] = [];
// Each search gets its own seed, so it samples architectures the profiler has not cached:
// every search then really measures latencies on the agents (the agent fault needs that).
let nextSeed = 1_000;

function spec(name: string): SearchSpec {
  return {
    name,
    dataset: 'synthetic:identities=8,images=8,size=32,eval_identities=10,eval_images=4',
    budget: { epochs: 1, imageSize: 32, batchSize: 8, warmupEpochs: 0 },
    algorithm: { name: 'random' },
    objective: 'OBJECTIVE_VERIFICATION',
    reward: { constraint: 'REWARD_CONSTRAINT_SOFT', device: DEVICE, targetLatencyMs: 5, imageSize: 32 },
    maxTrials: MAX_TRIALS,
    parallelTrials: 2,
    includeBaseline: false,
    seed: nextSeed++,
  };
}

/** What one fault scenario did and how its recovery is measured once the search is over. */
interface Injected {
  injectedAtMs: number;
  /** When the test started the replacement (the outage it imposed ended); absent when nothing is restarted. */
  restoredAtMs?: number;
  measuredTo: string;
  /** Epoch ms at which the system had recovered, from the finished search's records (null: it did not). */
  recoveredAtMs(outcome: SearchOutcome): number | null;
  /** Fault-specific checks on the finished search; throws when one fails. */
  check?(outcome: SearchOutcome): void;
  detail?(outcome: SearchOutcome): string;
}

/** The first completion after `afterMs` among trials, or null. */
function firstCompletionAfter(outcome: SearchOutcome, afterMs: number): number | null {
  const times = outcome.trials.filter((t) => t.state === 'TRIAL_STATE_SUCCEEDED' && t.completedAtMs >= afterMs).map((t) => t.completedAtMs);
  return times.length > 0 ? Math.min(...times) : null;
}

const trainingLog = (searchId: string) => (e: LogEntry) => e.msg === 'training' && e.searchId === searchId;

async function sleep(ms: number): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}

/** Starts a search, injects the fault, waits for the outcome, records the table row and asserts. */
async function runFault(fault: string, inject: (searchId: string) => Promise<Injected>): Promise<void> {
  const row: FaultRow = { fault, recovered: false, outageMs: null, recoverMs: null, recoveredWhen: '', trialsLost: Number.NaN, detail: '' };
  rows.push(row);
  try {
    if (!reference) throw new Error('no reference run to compare with');
    const search = await cluster.api.start(spec(fault.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '')));
    const injected = await inject(search.id);
    row.recoveredWhen = injected.measuredTo;
    const outcome = await searchOutcome(cluster.api, cluster.bus, search.id, { maxTrials: MAX_TRIALS, ackWaitMs: ACK_WAIT_MS, timeoutMs: SEARCH_TIMEOUT_MS });
    const recoveredAt = injected.recoveredAtMs(outcome);
    const recoveringFrom = injected.restoredAtMs ?? injected.injectedAtMs;
    row.outageMs = injected.restoredAtMs === undefined ? null : injected.restoredAtMs - injected.injectedAtMs;
    row.recoverMs = recoveredAt === null ? null : recoveredAt - recoveringFrom;
    row.trialsLost = outcome.lost.length;
    // Attempts handed back for another delivery: not completions, but work the fault cost.
    const retried = [...outcome.reports].flatMap(([id, r]) => r.retries.map((x) => `${id}#${x.delivery} retried: ${x.reason.replaceAll(search.id, '<search>').slice(0, 120)}`));
    row.detail = [injected.detail?.(outcome), ...retried, ...outcome.lost, ...outcome.trainedTwice].filter(Boolean).join('; ');
    expect(outcome.lost, 'results lost').toEqual([]);
    expect(outcome.trainedTwice, 'trials trained to completion more than once').toEqual([]);
    expect(outcome.bookkeeping, "bookkeeping differs from the undisturbed run's").toEqual(reference);
    expect(row.recoverMs, `no ${injected.measuredTo} after the fault`).not.toBeNull();
    injected.check?.(outcome);
    row.recovered = true;
  } catch (err) {
    row.detail = [row.detail, (err as Error).message.split('\n')[0]].filter(Boolean).join('; ');
    throw err;
  }
}

beforeAll(async () => {
  cluster = await FaultCluster.start();
}, 180_000);

afterAll(async () => {
  if (process.env.FACENAS_FAULT_LOGS) cluster?.dumpLogs(process.env.FACENAS_FAULT_LOGS);
  await cluster?.stop();
});

describe('faults during a running search: real NATS JetStream, real service processes', () => {
  it('reference: the same spec, undisturbed, succeeds with every trial trained once', async () => {
    const search = await cluster.api.start(spec('reference'));
    const outcome = await searchOutcome(cluster.api, cluster.bus, search.id, { maxTrials: MAX_TRIALS, ackWaitMs: ACK_WAIT_MS, timeoutMs: SEARCH_TIMEOUT_MS });
    expect(outcome.lost).toEqual([]);
    expect(outcome.trainedTwice).toEqual([]);
    expect(outcome.bookkeeping).toEqual({ searchState: 'SEARCH_STATE_SUCCEEDED', trials: MAX_TRIALS, states: { TRIAL_STATE_SUCCEEDED: MAX_TRIALS } });
    for (const t of outcome.trials) {
      expect(t.latency?.device).toBe(DEVICE);
      expect(t.metrics?.verificationAccuracy).toBeGreaterThan(0);
    }
    reference = outcome.bookkeeping;
  }, 200_000);

  it('(a) SIGKILL a trainer mid-trial: its job is redelivered to the other trainer', async () => {
    let victimTrial = '';
    let victimName = '';
    await runFault('trainer SIGKILL', async (searchId) => {
      const { process: victim, entry } = await waitForAnyEntry(cluster.trainers, trainingLog(searchId), 'a trial of this search starting', 60_000);
      victimTrial = String(entry.trialId);
      victimName = victim.label;
      const injectedAtMs = Date.now();
      await victim.kill('SIGKILL');
      return {
        injectedAtMs,
        measuredTo: "the killed trainer's trial completing elsewhere",
        recoveredAtMs: (o) => o.trials.find((t) => t.id === victimTrial)?.completedAtMs || null,
        check(o) {
          const trial = o.trials.find((t) => t.id === victimTrial);
          const reports = o.reports.get(victimTrial);
          // The partial attempt started (RUNNING, delivery 1) but never completed; the redelivery did.
          expect(reports?.started.length).toBeGreaterThanOrEqual(2);
          expect(reports?.completions.map((c) => c.worker)).not.toContain(victimName);
          expect(trial?.attempts).toBeGreaterThanOrEqual(2);
        },
        detail: (o) => `${victimTrial} attempts ${o.trials.find((t) => t.id === victimTrial)?.attempts}, completed by ${o.reports.get(victimTrial)?.completions[0]?.worker}`,
      };
    }).finally(async () => {
      // The next fault finds two trainers again.
      cluster.forgetDead();
      if (cluster.trainers.length < 2) await cluster.addTrainer();
    });
  }, 240_000);

  it('(b) SIGKILL the controller and restart it: the search resumes, results sent meanwhile are applied', async () => {
    let resultsWhileDown = 0;
    await runFault('controller SIGKILL + restart', async (searchId) => {
      // Mid-search: a trial done (its replacement being created) and another one training,
      // whose result will then arrive while no controller runs.
      const deadline = Date.now() + 60_000;
      for (;;) {
        const trials = await cluster.api.trials(searchId);
        if (trials.some((t) => t.state === 'TRIAL_STATE_SUCCEEDED') && trials.some((t) => t.state === 'TRIAL_STATE_RUNNING')) break;
        if (Date.now() > deadline) throw new Error(`no moment with a trial done and one running within 60 s: ${trials.map((t) => t.state).join(', ')}`);
        await sleep(100);
      }
      const injectedAtMs = Date.now();
      await cluster.killController();
      // A trainer finishes a trial while no controller runs: its report waits in the stream.
      await waitForAnyEntry(cluster.trainers, (e) => e.msg === 'trial done' && e.searchId === searchId && Number(e.time) > injectedAtMs, 'a result while the controller is dead', 30_000);
      resultsWhileDown = cluster.trainers.flatMap((t) => t.logs).filter((e) => e.msg === 'trial done' && e.searchId === searchId && Number(e.time) > injectedAtMs).length;
      const restoredAtMs = Date.now();
      await cluster.restartController();
      return {
        injectedAtMs,
        restoredAtMs,
        measuredTo: 'the restarted controller completing a trial',
        recoveredAtMs: (o) => firstCompletionAfter(o, restoredAtMs),
        detail: () => `${resultsWhileDown} result(s) sent while it was down`,
      };
    }).finally(async () => {
      if (!cluster.controller.alive) await cluster.restartController();
    });
  }, 240_000);

  it('(c) kill NATS and restart it with the same store: services reconnect, jobs and results survive', async () => {
    await runFault('NATS SIGKILL + restart', async (searchId) => {
      await waitForAnyEntry(cluster.trainers, trainingLog(searchId), 'a trial of this search training', 60_000);
      const injectedAtMs = Date.now();
      await cluster.nats.kill();
      // Shorter than ack_wait: an outage longer than that would (correctly) redeliver held
      // jobs, and a trial then trains twice, which at-least-once delivery permits.
      await sleep(1_000);
      const restoredAtMs = Date.now();
      await cluster.nats.restart();
      return {
        injectedAtMs,
        restoredAtMs,
        measuredTo: 'a trial completing after the restart',
        recoveredAtMs: (o) => firstCompletionAfter(o, restoredAtMs),
      };
    }).finally(async () => {
      if (cluster.nats.pid === undefined) await cluster.nats.restart();
    });
  }, 240_000);

  it('(d) SIGKILL a latency agent mid-measurement: the profiler re-queues the task to the other agent', async () => {
    await runFault('agent SIGKILL mid-measurement', async () => {
      const tapped = cluster.agents.find((a) => a.tap !== null);
      if (!tapped?.tap) throw new Error('no tapped agent');
      const other = cluster.agents.find((a) => a !== tapped);
      if (!other) throw new Error('no second agent of the device');
      // The next DATA frame the profiler sends this agent is a measurement task of this search.
      const frame = await tapped.tap.nthDataFrame(tapped.tap.frames.length + 1, 60_000);
      await tapped.process.kill('SIGKILL');
      const injectedAtMs = frame.atMs;
      const victimId = tapped.process.logs.filter((e) => e.msg === 'connected to profiler').at(-1)?.agentId;
      // The profiler saying so is the proof the agent died holding the task (not after answering it).
      const requeue = await cluster.profiler.waitForEntry(
        (e) => e.msg === 'agent left mid-measurement: re-queueing its task' && e.agentId === victimId && Number(e.time) >= injectedAtMs,
        'the re-queue of the killed agent\'s task',
        10_000,
      );
      const taskId = String(requeue.taskId);
      const redone = await other.process.waitForEntry((e) => e.msg === 'task done' && e.taskId === taskId, `task ${taskId} done on ${other.process.label}`, 30_000);
      return {
        injectedAtMs,
        measuredTo: 'the re-queued task measured on the other agent',
        recoveredAtMs: () => Number(redone.time),
        check(o) {
          for (const t of o.trials) expect(t.latency?.source, t.id).toBe('LATENCY_SOURCE_MEASURED');
        },
        detail: () => `task ${taskId.slice(0, 8)} re-queued`,
      };
    }).finally(async () => {
      // The next fault finds two agents again, one of them tapped.
      cluster.forgetDead();
      if (!cluster.agents.some((a) => a.tap !== null)) await cluster.addAgent(true);
    });
  }, 240_000);

  it('(e) the dataset service unavailable for 10 s: trials retry and complete once it is back', async () => {
    await runFault('dataset down 10 s', async (searchId) => {
      await waitForAnyEntry(cluster.trainers, trainingLog(searchId), 'a trial of this search training', 60_000);
      const injectedAtMs = Date.now();
      await cluster.killDataset();
      await sleep(Math.max(0, injectedAtMs + DATASET_OUTAGE_MS - Date.now()));
      const restoredAtMs = Date.now();
      await cluster.restartDataset();
      const upAtMs = Date.now();
      return {
        injectedAtMs,
        restoredAtMs,
        measuredTo: 'a trial completing after the dataset is back',
        recoveredAtMs: (o) => firstCompletionAfter(o, upAtMs),
        check(o) {
          // An outage this short must not bring a trial to its job's last delivery (of 3):
          // one more slow restart would then fail it for good.
          for (const [trialId, r] of o.reports) for (const c of r.completions) expect(c.delivery, `${trialId} completed on delivery ${c.delivery}`).toBeLessThan(3);
        },
        detail: (o) => {
          const lastDelivery = Math.max(...[...o.reports.values()].flatMap((r) => r.completions.map((c) => c.delivery)));
          return `unavailable ${((upAtMs - injectedAtMs) / 1000).toFixed(1)} s (until the new process served); latest completing delivery #${lastDelivery} of 3`;
        },
      };
    }).finally(async () => {
      if (!cluster.dataset.alive) await cluster.restartDataset();
    });
  }, 240_000);

  it('recovers from every fault with no trial lost', () => {
    console.log(`\nfault injection (${MAX_TRIALS} trials per search, 2 in parallel, ack_wait ${ACK_WAIT_MS / 1000} s)\n${formatFaultTable(rows)}\n`);
    expect(rows.map((r) => r.fault)).toEqual(['trainer SIGKILL', 'controller SIGKILL + restart', 'NATS SIGKILL + restart', 'agent SIGKILL mid-measurement', 'dataset down 10 s']);
    for (const row of rows) {
      expect(row.recovered, row.fault).toBe(true);
      expect(row.trialsLost, row.fault).toBe(0);
    }
  });
});
