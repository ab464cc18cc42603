import { afterEach, describe, expect, it } from 'vitest';
import type { Bus } from '../common/bus/bus.js';
import { encodeJson } from '../common/bus/bus.js';
import { createMemoryBus } from '../common/bus/memory-bus.js';
import { EVENTS_STREAM, eventsStreamSpec, trainersConsumerSpec, TRIALS_STREAM, trialMsgId, trialsStreamSpec, trialSubject } from '../common/bus/subjects.js';
import { sendTrialControl } from '../common/bus/trial-control.js';
import { UnavailableError } from '../common/errors/errors.js';
import type { TrialJob } from '../common/generated/facenas/v1/TrialJob.js';
import type { TrialReport__Output } from '../common/generated/facenas/v1/TrialReport.js';
import { createLogger } from '../common/logging/logger.js';
import { decode, DECISION_COUNT, toArchitectureMessage } from '../common/search-space/index.js';
import { TrialStopped, type TrialOutcome } from './train-trial.js';
import { TrainerWorker, type RunTrial } from './trainer-worker.js';

// The worker's handling of jobs on the in-memory bus (JetStream semantics), with the
// training replaced by scripted trials; test/trainer/ runs the real trainer on real NATS.

const logger = createLogger('test', 'silent');
const ACK_WAIT = 400;

const outcome = (accuracy = 0.9): TrialOutcome => ({ state: 'TRIAL_STATE_SUCCEEDED', modelUri: 'file:///tmp/m', metrics: { verificationAccuracy: accuracy } });

function job(trialId: string, over: Partial<TrialJob> = {}): TrialJob {
  return {
    searchId: 's1',
    trialId,
    architecture: toArchitectureMessage(decode(new Array(DECISION_COUNT).fill(0)), 32),
    dataset: 'synthetic:identities=4,images=4,size=32',
    budget: { epochs: 1, steps: 0, imageSize: 32, identities: 0, batchSize: 4, learningRate: 0.1, warmupEpochs: 0, loss: 'LOSS_SOFTMAX', flip: false },
    objective: 'OBJECTIVE_VERIFICATION',
    seed: 3,
    artifactUri: '',
    evalEachEpoch: false,
    ...over,
  };
}

interface Harness {
  bus: Bus;
  workers: TrainerWorker[];
  /** Every report published so far. */
  reports(): Promise<TrialReport__Output[]>;
}

const buses: Bus[] = [];
const running: TrainerWorker[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((w) => w.stop()));
  await Promise.all(buses.splice(0).map((b) => b.close()));
});

async function harness(runTrial: RunTrial, workers = 1, graceMs = 5_000): Promise<Harness> {
  const bus = createMemoryBus({ logger });
  buses.push(bus);
  await bus.ensureStream(trialsStreamSpec());
  await bus.ensureStream(eventsStreamSpec());
  const reader = await bus.consumer({ stream: EVENTS_STREAM, durable: 'reader', ackWaitMs: 60_000, maxDeliver: 1 });
  const seen: TrialReport__Output[] = [];
  const list = Array.from({ length: workers }, (_, i) => {
    const w = new TrainerWorker({ bus, consumer: trainersConsumerSpec(null, ACK_WAIT), name: `w${i}`, logger, runTrial, graceMs, pollMs: 50, retryDelayMs: () => 50 });
    running.push(w);
    return w;
  });
  for (const w of list) await w.start();
  return {
    bus,
    workers: list,
    async reports() {
      for (;;) {
        const m = await reader.next(20);
        if (!m) return seen;
        seen.push(m.json<TrialReport__Output>());
        await m.ack();
      }
    },
  };
}

async function publish(bus: Bus, j: TrialJob): Promise<void> {
  await bus.publish(trialSubject(j.searchId as string), encodeJson(j), { msgId: trialMsgId(j.searchId as string, j.trialId as string) });
}

async function until<T>(what: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await what();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

const states = (reports: TrialReport__Output[], trialId: string) => reports.filter((r) => r.trialId === trialId && !r.progress).map((r) => r.state);

describe('trainer worker', () => {
  it('reports RUNNING, progress and the result, then acks: the job is gone', async () => {
    const h = await harness(async (_job, hooks) => {
      await hooks.onProgress({ searchId: 's1', trialId: 't1', epoch: 1, epochs: 1, step: 1, steps: 1, loss: 2.5 });
      return outcome(0.91);
    });
    await publish(h.bus, job('t1'));
    const reports = await until(async () => {
      const r = await h.reports();
      return r.some((x) => x.state === 'TRIAL_STATE_SUCCEEDED') ? r : undefined;
    });
    expect(states(reports, 't1')).toEqual(['TRIAL_STATE_RUNNING', 'TRIAL_STATE_SUCCEEDED']);
    expect(reports.find((r) => r.progress)?.progress?.loss).toBe(2.5);
    const done = reports.find((r) => r.state === 'TRIAL_STATE_SUCCEEDED')!;
    expect(done).toMatchObject({ worker: 'w0', delivery: 1, modelUri: 'file:///tmp/m', metrics: { verificationAccuracy: 0.91 } });
    const probe = await h.bus.consumer(trainersConsumerSpec(null, ACK_WAIT));
    expect(await probe.pending()).toEqual({ pending: 0, ackPending: 0 });
  });

  it('terminates a poison job after one delivery with a reason naming the field; other jobs go on', async () => {
    let trained = 0;
    const h = await harness(async () => {
      trained += 1;
      return outcome();
    });
    await publish(h.bus, job('bad', { architecture: { json: '{"space":"mobilefacenet-v1","blocks":[],"head":{"type":"gdc","embedding":128}}' } }));
    await publish(h.bus, job('good'));
    const reports = await until(async () => {
      const r = await h.reports();
      return r.some((x) => x.trialId === 'good' && x.state === 'TRIAL_STATE_SUCCEEDED') ? r : undefined;
    });
    const failed = reports.filter((r) => r.trialId === 'bad');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ state: 'TRIAL_STATE_FAILED', delivery: 1 });
    expect(failed[0].retrying ?? false).toBe(false);
    expect(failed[0].reason).toMatch(/^invalid job: job\.architecture\.json\.blocks: /);
    expect(trained).toBe(1);
    await new Promise((r) => setTimeout(r, ACK_WAIT * 2));
    expect((await h.reports()).filter((r) => r.trialId === 'bad')).toHaveLength(1);
    expect(await h.bus.deadLetters(TRIALS_STREAM, 'trainers')).toEqual([]);
  });

  it('naks a retryable failure and fails for good on the last delivery', async () => {
    const h = await harness(async () => {
      throw new UnavailableError('dataset service at 127.0.0.1:1 unavailable');
    });
    await publish(h.bus, job('flaky'));
    const reports = await until(async () => {
      const r = await h.reports();
      return r.filter((x) => x.state === 'TRIAL_STATE_FAILED').length === 3 ? r : undefined;
    });
    const failures = reports.filter((r) => r.state === 'TRIAL_STATE_FAILED');
    expect(failures.map((r) => [r.delivery, r.retrying ?? false])).toEqual([
      [1, true],
      [2, true],
      [3, false],
    ]);
    expect(failures[2].reason).toBe('unavailable: dataset service at 127.0.0.1:1 unavailable (attempt 3 of 3)');
  });

  it('a kill order stops the trial, which is confirmed KILLED and dropped', async () => {
    const h = await harness(
      (_job, hooks) =>
        new Promise((_resolve, reject) => {
          hooks.signal.addEventListener('abort', () => reject(new TrialStopped(hooks.signal.reason)));
        }),
    );
    await publish(h.bus, job('long'));
    await until(async () => ((await h.reports()).some((r) => r.state === 'TRIAL_STATE_RUNNING') ? true : undefined));
    sendTrialControl(h.bus, 's1', 'long', { action: 'kill', reason: 'search stopped' });
    const reports = await until(async () => {
      const r = await h.reports();
      return r.some((x) => x.state === 'TRIAL_STATE_KILLED') ? r : undefined;
    });
    expect(reports.at(-1)).toMatchObject({ trialId: 'long', state: 'TRIAL_STATE_KILLED' });
    await until(async () => (h.workers[0].busy ? undefined : true));
  });

  it('an early-stop order reaches the trial as its stop reason', async () => {
    const h = await harness(
      (_job, hooks) =>
        new Promise((resolve) => {
          hooks.signal.addEventListener('abort', () => resolve({ ...outcome(0.6), state: hooks.signal.reason === 'early-stop' ? 'TRIAL_STATE_EARLYSTOPPED' : 'TRIAL_STATE_SUCCEEDED' }));
        }),
    );
    await publish(h.bus, job('slow'));
    await until(async () => ((await h.reports()).some((r) => r.state === 'TRIAL_STATE_RUNNING') ? true : undefined));
    sendTrialControl(h.bus, 's1', 'slow', { action: 'early-stop', reason: 'below the median' });
    const done = await until(async () => (await h.reports()).find((r) => r.state !== 'TRIAL_STATE_RUNNING'));
    expect(done).toMatchObject({ trialId: 'slow', state: 'TRIAL_STATE_EARLYSTOPPED', metrics: { verificationAccuracy: 0.6 } });
  });

  it('heartbeats keep a trial that runs 3x ack_wait from being redelivered', async () => {
    let started = 0;
    const h = await harness(async () => {
      started += 1;
      await new Promise((r) => setTimeout(r, ACK_WAIT * 3));
      return outcome();
    }, 2);
    await publish(h.bus, job('steady'));
    await until(async () => ((await h.reports()).some((r) => r.state === 'TRIAL_STATE_SUCCEEDED') ? true : undefined));
    await new Promise((r) => setTimeout(r, ACK_WAIT * 2));
    expect(started).toBe(1);
    expect(states(await h.reports(), 'steady')).toEqual(['TRIAL_STATE_RUNNING', 'TRIAL_STATE_SUCCEEDED']);
  });

  it('on stop(), a trial past the grace period is handed back and another trainer takes it', async () => {
    const takers: string[] = [];
    let first = true;
    const run: RunTrial = (_job, hooks) => {
      if (!first) return Promise.resolve(outcome(0.8));
      first = false;
      return new Promise((_resolve, reject) => hooks.signal.addEventListener('abort', () => reject(new TrialStopped(hooks.signal.reason))));
    };
    const h = await harness(run, 1, 100);
    await publish(h.bus, job('handoff'));
    await until(async () => ((await h.reports()).some((r) => r.state === 'TRIAL_STATE_RUNNING') ? true : undefined));
    await h.workers[0].stop();
    const second = new TrainerWorker({ bus: h.bus, consumer: trainersConsumerSpec(null, ACK_WAIT), name: 'w-next', logger, runTrial: run, pollMs: 50 });
    running.push(second);
    await second.start();
    const done = await until(async () => (await h.reports()).find((r) => r.state === 'TRIAL_STATE_SUCCEEDED'));
    takers.push(done.worker);
    expect(takers).toEqual(['w-next']);
    // Handed back at once (nak 0), not after ack_wait: the second delivery.
    expect(done.delivery).toBe(2);
  });
});
