import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bus, PullConsumer } from '../../services/common/bus/bus.js';
import { encodeJson } from '../../services/common/bus/bus.js';
import { connectNatsBus } from '../../services/common/bus/nats-bus.js';
import { EVENTS_STREAM, eventsStreamSpec, trialMsgId, trialsStreamSpec, trialSubject } from '../../services/common/bus/subjects.js';
import type { TrialJob } from '../../services/common/generated/facenas/v1/TrialJob.js';
import type { TrialReport__Output } from '../../services/common/generated/facenas/v1/TrialReport.js';
import { createLogger } from '../../services/common/logging/logger.js';
import { decode, DECISION_COUNT, toArchitectureMessage } from '../../services/common/search-space/index.js';
import { datasetServeEntry } from '../../services/dataset/serve-dataset.js';
import { ROOT, spawnLogged, type LoggedProcess } from '../support/logged-process.js';
import { NatsServerProcess } from '../support/nats-server.js';
import { serveFromFlags, type ServedService } from '../support/served-service.js';

// The trainer as it runs in a cluster: `facenas serve trainer` processes on a private
// nats-server (JetStream), streaming batches from a real DatasetService over gRPC. One
// trainer is SIGKILLed mid-trial; its job must come back to the other after ack_wait.

const logger = createLogger('test', 'silent');
const DATASET = 'synthetic:identities=8,images=8,size=32,eval_identities=10,eval_images=4';
const ACK_WAIT_MS = 3_000;

let nats: NatsServerProcess;
let bus: Bus;
let reader: PullConsumer;
let dataset: ServedService;
const trainers: LoggedProcess[] = [];
const reports: TrialReport__Output[] = [];

beforeAll(async () => {
  nats = await NatsServerProcess.start();
  bus = await connectNatsBus({ url: nats.url, name: 'trainer-test', logger });
  await bus.ensureStream(trialsStreamSpec());
  await bus.ensureStream(eventsStreamSpec());
  reader = await bus.consumer({ stream: EVENTS_STREAM, durable: 'test-reader', ackWaitMs: 30_000, maxDeliver: 1 });
  dataset = await serveFromFlags(datasetServeEntry, ['--render-threads', '0']);
  await dataset.hosted.ready;
}, 60_000);

afterAll(async () => {
  await Promise.all(trainers.map((t) => t.kill('SIGKILL')));
  await reader?.close();
  await bus?.close();
  await dataset?.stop();
  await nats?.dispose();
});

function startTrainer(name: string): LoggedProcess {
  const t = spawnLogged(process.execPath, [
    join(ROOT, 'bin/facenas.js'),
    'serve',
    'trainer',
    '--nats',
    nats.url,
    '--dataset-service',
    dataset.address,
    '--grpc-port',
    '0',
    '--metrics-port',
    '0',
    '--ack-wait-ms',
    String(ACK_WAIT_MS),
    '--grace-ms',
    '0',
    '--name',
    name,
  ]);
  trainers.push(t);
  return t;
}

function job(trialId: string, over: Partial<TrialJob> = {}): TrialJob {
  return {
    searchId: 'proc',
    trialId,
    architecture: toArchitectureMessage(decode(new Array(DECISION_COUNT).fill(0)), 32),
    dataset: DATASET,
    // Long enough (a few seconds) that a SIGKILL lands mid-trial.
    budget: { epochs: 1, steps: 40, imageSize: 32, identities: 0, batchSize: 16, learningRate: 0.1, warmupEpochs: 0, loss: 'LOSS_SOFTMAX', flip: true },
    objective: 'OBJECTIVE_VERIFICATION',
    seed: 5,
    artifactUri: `nats-object://facenas_models/proc/${trialId}`,
    evalEachEpoch: false,
    ...over,
  };
}

async function drain(): Promise<TrialReport__Output[]> {
  for (;;) {
    const m = await reader.next(100);
    if (!m) return reports;
    reports.push(m.json<TrialReport__Output>());
    await m.ack();
  }
}

async function until(what: () => boolean, timeoutMs: number, explain: () => string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!what()) {
    if (Date.now() > end) throw new Error(`timed out: ${explain()}`);
    await drain();
    await new Promise((r) => setTimeout(r, 100));
  }
}

const finals = () => reports.filter((r) => r.state !== 'TRIAL_STATE_RUNNING' && !(r.state === 'TRIAL_STATE_FAILED' && r.retrying));

describe('trainer processes on real NATS', () => {
  it('two trainers, six jobs and a poison one; SIGKILL one trainer mid-trial: every trial completes exactly once', async () => {
    const a = startTrainer('trainer-a');
    const b = startTrainer('trainer-b');
    await Promise.all([a.waitForLog('serving', 60_000), b.waitForLog('serving', 60_000)]);
    const ids = ['t1', 't2', 't3', 't4', 't5', 't6'];
    for (const id of ids) await bus.publish(trialSubject('proc'), encodeJson(job(id)), { msgId: trialMsgId('proc', id) });
    const poison = job('poison', { architecture: { decisions: [99] } });
    await bus.publish(trialSubject('proc'), encodeJson(poison), { msgId: trialMsgId('proc', 'poison') });

    // Kill trainer-a while it trains a trial (after its RUNNING report, before its result).
    let victim: string | undefined;
    await until(
      () => {
        const started = reports.find((r) => r.worker === 'trainer-a' && r.state === 'TRIAL_STATE_RUNNING' && !r.progress);
        if (started && !finals().some((f) => f.trialId === started.trialId)) victim = started.trialId;
        return victim !== undefined;
      },
      60_000,
      () => JSON.stringify(reports.map((r) => [r.trialId, r.worker, r.state])),
    );
    await a.kill('SIGKILL');

    await until(
      () => ids.every((id) => finals().some((f) => f.trialId === id)) && finals().some((f) => f.trialId === 'poison'),
      120_000,
      () => JSON.stringify(finals().map((r) => [r.trialId, r.worker, r.state, r.reason])),
    );
    // Late duplicates would show up now.
    await new Promise((r) => setTimeout(r, ACK_WAIT_MS + 1_000));
    await drain();

    for (const id of ids) {
      const results = finals().filter((f) => f.trialId === id);
      expect(results, id).toHaveLength(1);
      expect(results[0].state).toBe('TRIAL_STATE_SUCCEEDED');
      expect(results[0].metrics?.verificationAccuracy).toBeGreaterThan(0);
      expect(results[0].modelUri).toBe(`nats-object://facenas_models/proc/${id}`);
    }
    const taken = finals().find((f) => f.trialId === victim)!;
    expect(taken.worker).toBe('trainer-b');
    expect(taken.delivery).toBe(2);
    const poisoned = finals().filter((f) => f.trialId === 'poison');
    expect(poisoned).toHaveLength(1);
    expect(poisoned[0]).toMatchObject({ state: 'TRIAL_STATE_FAILED', delivery: 1 });
    expect(poisoned[0].reason).toMatch(/^invalid job: job\.architecture\.decisions/);
    const models = await bus.objects('facenas_models');
    expect((await models.list('proc/')).filter((n) => n.endsWith('/model.json'))).toHaveLength(6);

    // SIGTERM with nothing to do: a clean exit, well within 5 s.
    const t0 = Date.now();
    await b.kill('SIGTERM');
    expect(b.child.exitCode).toBe(0);
    expect(Date.now() - t0).toBeLessThan(5_000);
  }, 240_000);
});
