import { performance } from 'node:perf_hooks';
import type { Bus, BusMessage, PullConsumer } from '../../services/common/bus/bus.js';
import { eventsStreamSpec, trainersConsumerSpec, trialsStreamSpec } from '../../services/common/bus/subjects.js';
import { onTrialControl, type TrialControl } from '../../services/common/bus/trial-control.js';
import { publishTrialReport } from '../../services/common/bus/trial-reports.js';
import type { TrialJob__Output } from '../../services/common/generated/facenas/v1/TrialJob.js';
import type { TrialMetrics } from '../../services/common/generated/facenas/v1/TrialMetrics.js';
import { hashSeed } from '../../services/common/random/rng.js';

// Trainers that do not train: each worker pulls a trial job from the durable `trainers`
// consumer like the real trainer (services/trainer), reports RUNNING, "trains" by
// sleeping (working() keeps the job), then reports the outcome its test chose —
// made-up but plausible metrics on success — and acks. For controller tests and the
// orchestration benchmark, where training itself is not what is measured.

/** What a worker does with one delivery of a job. */
export type SimulatedOutcome =
  | { kind: 'succeed' }
  /** FAILED; `retrying`: nak for a redelivery (as a trainer does on a retryable error), else term. */
  | { kind: 'fail'; reason: string; retrying?: boolean }
  /** Takes the job and never answers (a trainer that died): JetStream redelivers it after ack_wait. */
  | { kind: 'vanish' };

export interface Training {
  searchId: string;
  trialId: string;
  delivery: number;
  worker: string;
  outcome: 'succeeded' | 'failed' | 'retrying' | 'killed' | 'vanished';
  /** performance.now() when the worker got the job, and when it started publishing its result. */
  receivedAt: number;
  resultAt: number;
}

export interface SimulatedTrainerOptions {
  bus: Bus;
  workers: number;
  /** How long a job "trains"; 0 answers at once. */
  trainMs?: number | ((job: TrialJob__Output) => number);
  ackWaitMs?: number;
  outcome?: (job: TrialJob__Output, delivery: number) => SimulatedOutcome;
  /** Worker names are `<name>-<n>`. */
  name?: string;
  /** Told as soon as a worker holds a job (before it reports RUNNING). */
  onJob?: (job: TrialJob__Output, delivery: number, receivedAt: number) => void;
  /**
   * With it, training is `epochs` equal sleeps, each followed by a progress report (with
   * the held-out accuracy when the job asks for it, rising to the final one), so the
   * controller's median-stop rule can stop the trial between epochs.
   */
  epochs?: number;
}

/** Accuracy grows with compute, as it roughly does for these networks, plus a little seeded noise. */
export function plausibleAccuracy(job: TrialJob__Output): number {
  const madds = Math.max(1, job.architecture?.madds ?? 1);
  const noise = (hashSeed(job.seed, 17) / 0xffffffff - 0.5) * 0.02;
  return Math.min(0.995, Math.max(0.5, 0.8 + 0.04 * (Math.log10(madds) - 7) + noise));
}

export function plausibleMetrics(job: TrialJob__Output, trainSeconds: number): TrialMetrics {
  const madds = Math.max(1, job.architecture?.madds ?? 1);
  const verification = plausibleAccuracy(job);
  return {
    verificationAccuracy: verification,
    verificationStd: 0.01,
    top1: Math.max(0, verification - 0.08),
    tarAtFar: Math.max(0, verification - 0.15),
    far: 1e-3,
    threshold: 1.2,
    finalLoss: 2 * (1 - verification),
    trainingSeconds: trainSeconds,
    imagesPerSecond: 40,
    parameters: job.architecture?.parameters ?? 0,
    madds,
    epochsCompleted: job.budget?.epochs ?? 1,
    trainAccuracy: Math.min(1, verification + 0.05),
    pixelBaselineAccuracy: 0.6,
  };
}

export class SimulatedTrainers {
  readonly trainings: Training[] = [];
  private readonly consumers: PullConsumer[] = [];
  private readonly loops: Promise<void>[] = [];
  private stopping = false;

  private constructor(private readonly options: SimulatedTrainerOptions) {}

  static async start(options: SimulatedTrainerOptions): Promise<SimulatedTrainers> {
    const trainers = new SimulatedTrainers(options);
    // Like a real trainer, it may start before any controller made the streams.
    await options.bus.ensureStream(trialsStreamSpec());
    await options.bus.ensureStream(eventsStreamSpec());
    const spec = trainersConsumerSpec(options.workers, options.ackWaitMs ?? 60_000);
    for (let i = 0; i < options.workers; i++) trainers.consumers.push(await options.bus.consumer(spec));
    trainers.consumers.forEach((consumer, i) => trainers.loops.push(trainers.work(consumer, `${options.name ?? 'sim'}-${i}`)));
    return trainers;
  }

  /** Finished trainings (SUCCEEDED reports) per `<search>/<trial>`. */
  completedTrainings(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const t of this.trainings) {
      if (t.outcome !== 'succeeded') continue;
      const key = `${t.searchId}/${t.trialId}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return counts;
  }

  /** Stops taking jobs; the jobs in hand finish (reported and acked) first. */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.consumers.map((c) => c.close()));
    await Promise.all(this.loops);
  }

  private async work(consumer: PullConsumer, worker: string): Promise<void> {
    while (!this.stopping) {
      let message: BusMessage | null;
      try {
        message = await consumer.next(1_000);
      } catch {
        if (this.stopping) return;
        await new Promise((r) => setTimeout(r, 200));
        continue;
      }
      if (message) await this.train(message, worker);
    }
  }

  private async train(message: BusMessage, worker: string): Promise<void> {
    const receivedAt = performance.now();
    const job = message.json<TrialJob__Output>();
    const delivery = message.deliveryCount;
    this.options.onJob?.(job, delivery, receivedAt);
    const record = (outcome: Training['outcome']) =>
      this.trainings.push({ searchId: job.searchId, trialId: job.trialId, delivery, worker, outcome, receivedAt, resultAt: performance.now() });
    const outcome = this.options.outcome?.(job, delivery) ?? { kind: 'succeed' };
    if (outcome.kind === 'vanish') {
      record('vanished');
      return;
    }
    const startedAtMs = Date.now();
    const base = { searchId: job.searchId, trialId: job.trialId, worker, delivery, startedAtMs };
    await publishTrialReport(this.options.bus, { ...base, state: 'TRIAL_STATE_RUNNING' });
    const trainMs = typeof this.options.trainMs === 'function' ? this.options.trainMs(job) : (this.options.trainMs ?? 0);
    const control = await this.trainEpochs(job, trainMs, message, base);
    if (control?.action === 'kill') {
      record('killed');
      await publishTrialReport(this.options.bus, { ...base, state: 'TRIAL_STATE_KILLED', reason: control.reason, completedAtMs: Date.now() });
      await message.ack();
      return;
    }
    if (outcome.kind === 'fail') {
      record(outcome.retrying ? 'retrying' : 'failed');
      await publishTrialReport(this.options.bus, { ...base, state: 'TRIAL_STATE_FAILED', reason: outcome.reason, retrying: outcome.retrying ?? false, completedAtMs: Date.now() });
      if (outcome.retrying) message.nak(0);
      else message.term(outcome.reason);
      return;
    }
    record('succeeded');
    await publishTrialReport(this.options.bus, {
      ...base,
      state: control?.action === 'early-stop' ? 'TRIAL_STATE_EARLYSTOPPED' : 'TRIAL_STATE_SUCCEEDED',
      metrics: plausibleMetrics(job, trainMs / 1000),
      modelUri: job.artifactUri,
      completedAtMs: Date.now(),
    });
    await message.ack();
  }

  private async trainEpochs(job: TrialJob__Output, ms: number, message: BusMessage, base: { searchId: string; trialId: string; worker: string; delivery: number; startedAtMs: number }): Promise<TrialControl | null> {
    const epochs = this.options.epochs ?? 0;
    if (epochs === 0) return this.sleep(job, ms, message);
    const final = plausibleAccuracy(job);
    for (let epoch = 1; epoch <= epochs; epoch++) {
      const control = await this.sleep(job, ms / epochs, message);
      if (control) return control;
      const evalAccuracy = final * (0.9 + (0.1 * epoch) / epochs);
      await publishTrialReport(this.options.bus, {
        ...base,
        state: 'TRIAL_STATE_RUNNING',
        progress: { searchId: job.searchId, trialId: job.trialId, epoch, epochs, step: epoch, steps: epochs, loss: 2 * (1 - evalAccuracy), ...(job.evalEachEpoch ? { evalAccuracy, hasEvalAccuracy: true } : {}) },
      });
    }
    return null;
  }

  /** Sleeps `ms`, keeping the job with working(); ends early on a kill or early-stop order. */
  private async sleep(job: TrialJob__Output, ms: number, message: BusMessage): Promise<TrialControl | null> {
    if (ms <= 0) return null;
    let order: TrialControl | null = null;
    let wake: () => void = () => undefined;
    const subscription = onTrialControl(this.options.bus, job.searchId, job.trialId, (control) => {
      order = control;
      wake();
    });
    const heartbeat = setInterval(() => message.working(), Math.max(50, (this.options.ackWaitMs ?? 60_000) / 3));
    let timer: NodeJS.Timeout | undefined;
    try {
      await new Promise<void>((resolve) => {
        wake = resolve;
        timer = setTimeout(resolve, ms);
      });
    } finally {
      clearTimeout(timer);
      clearInterval(heartbeat);
      subscription.unsubscribe();
    }
    return order;
  }
}
