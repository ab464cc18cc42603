import type { Bus, BusMessage, ConsumerSpec, PullConsumer } from '../common/bus/bus.js';
import { onTrialControl } from '../common/bus/trial-control.js';
import { publishTrialReport } from '../common/bus/trial-reports.js';
import { InvalidArgumentError } from '../common/errors/errors.js';
import type { TrialReport } from '../common/generated/facenas/v1/TrialReport.js';
import type { Logger } from '../common/logging/logger.js';
import type { TrainerMetrics } from './trainer-metrics.js';
import { TrialStopped, type StopReason, type TrainTrialOptions, type TrialOutcome } from './train-trial.js';
import { classifyFailure, retryDelayMs } from './trial-failure.js';
import { jobIds, parseTrialJob, type TrainableJob } from './trial-job.js';

// A trainer worker: one trial job at a time from the durable `trainers` consumer.
// The job is kept alive with working() every ack_wait/3 while it trains; its result is
// published before the ack, so a crash between the two re-runs the trial rather than
// losing it (the controller ignores a second result). Poison jobs are terminated with
// a FAILED result on their first delivery; retryable failures are nak'ed with a delay
// and fail for good only on the last delivery. On stop(), the current trial gets a
// grace period to finish, else it is nak'ed at once so another trainer takes it.

export type RunTrial = (job: TrainableJob, options: Pick<TrainTrialOptions, 'signal' | 'onProgress'>) => Promise<TrialOutcome>;

export interface TrainerWorkerOptions {
  bus: Bus;
  consumer: ConsumerSpec;
  /** Shown in reports and logs (e.g. pod name + index). */
  name: string;
  runTrial: RunTrial;
  logger: Logger;
  metrics?: TrainerMetrics;
  /** On stop(), how long a running trial may take to finish before it is handed back (default 30 s). */
  graceMs?: number;
  /** How long one pull waits for a job (default 5 s). */
  pollMs?: number;
  /** Delay before a retried job comes back (default trial-failure.ts's backoff). */
  retryDelayMs?: (delivery: number) => number;
}

export class TrainerWorker {
  private consumer: PullConsumer | null = null;
  private loop: Promise<void> | null = null;
  private stopping = false;
  private current: { abort: AbortController; done: Promise<void> } | null = null;

  constructor(private readonly options: TrainerWorkerOptions) {}

  /** Connects to the consumer and starts taking jobs. */
  async start(): Promise<void> {
    this.consumer = await this.options.bus.consumer(this.options.consumer);
    this.loop = this.run();
  }

  get busy(): boolean {
    return this.current !== null;
  }

  /** Stops taking jobs; a running trial gets the grace period, then is nak'ed for another trainer. */
  async stop(): Promise<void> {
    if (this.stopping) return this.loop ?? undefined;
    this.stopping = true;
    const running = this.current;
    if (running) {
      const grace = this.options.graceMs ?? 30_000;
      const finished = await Promise.race([running.done.then(() => true), new Promise<false>((r) => setTimeout(() => r(false), grace).unref())]);
      if (!finished) {
        running.abort.abort('shutdown' satisfies StopReason);
        await running.done;
      }
    }
    await this.consumer?.close();
    await this.loop?.catch(() => undefined);
  }

  private async run(): Promise<void> {
    const consumer = this.consumer as PullConsumer;
    let failures = 0;
    while (!this.stopping) {
      let message: BusMessage | null;
      try {
        message = await consumer.next(this.options.pollMs ?? 5_000);
        failures = 0;
      } catch (err) {
        if (this.stopping) return;
        failures += 1;
        this.options.logger.warn({ err, worker: this.options.name }, 'pulling a trial job failed; retrying');
        await new Promise((r) => setTimeout(r, Math.min(10_000, 500 * 2 ** Math.min(failures, 5))));
        continue;
      }
      if (!message) continue;
      if (this.stopping) {
        message.nak(0);
        return;
      }
      const abort = new AbortController();
      const done = this.handle(message, abort).catch((err: unknown) => {
        this.options.logger.error({ err, worker: this.options.name }, 'handling a trial job failed');
      });
      this.current = { abort, done };
      await done;
      this.current = null;
    }
  }

  private async handle(message: BusMessage, abort: AbortController): Promise<void> {
    const { logger, name, metrics } = this.options;
    const delivery = message.deliveryCount;
    metrics?.trialStarted();
    let trainable: TrainableJob;
    try {
      trainable = parseTrialJob(message.data);
    } catch (err) {
      const ids = jobIds(message.data);
      const reason = err instanceof InvalidArgumentError ? `invalid job: ${err.message}` : `invalid job: ${(err as Error).message}`;
      logger.error({ worker: name, ...ids, reason }, 'poison trial job terminated');
      if (ids) await this.report({ ...ids, state: 'TRIAL_STATE_FAILED', reason, delivery, completedAtMs: Date.now() });
      message.term(reason);
      metrics?.trialFinished('poison');
      return;
    }
    const { searchId, trialId } = trainable;
    const log = logger.child({ worker: name, searchId, trialId, delivery });
    const startedAtMs = Date.now();
    const heartbeat = setInterval(() => message.working(), Math.max(100, Math.floor(this.options.consumer.ackWaitMs / 3)));
    heartbeat.unref();
    const control = onTrialControl(this.options.bus, searchId, trialId, (order) => {
      log.info({ action: order.action, reason: order.reason }, 'controller order');
      abort.abort((order.action === 'kill' ? 'kill' : 'early-stop') satisfies StopReason);
    });
    try {
      await this.report({ searchId, trialId, state: 'TRIAL_STATE_RUNNING', delivery, startedAtMs });
      log.info({ architecture: trainable.spec && trainable.job.architecture?.id }, 'training');
      const outcome = await this.options.runTrial(trainable, {
        signal: abort.signal,
        onProgress: async (progress) => {
          metrics?.progress(name, Number(progress.imagesPerSecond ?? 0));
          await this.report({ searchId, trialId, state: 'TRIAL_STATE_RUNNING', delivery, startedAtMs, progress });
        },
      });
      await this.report({ searchId, trialId, state: outcome.state, metrics: outcome.metrics, modelUri: outcome.modelUri, delivery, startedAtMs, completedAtMs: Date.now() });
      await message.ack();
      metrics?.trialFinished(outcome.state === 'TRIAL_STATE_EARLYSTOPPED' ? 'early_stopped' : 'succeeded');
      log.info({ accuracy: outcome.metrics.verificationAccuracy, seconds: outcome.metrics.trainingSeconds }, 'trial done');
    } catch (err) {
      if (err instanceof TrialStopped) {
        if (err.reason === 'kill') {
          // The controller withdrew the trial: confirm, and drop the job.
          await this.report({ searchId, trialId, state: 'TRIAL_STATE_KILLED', reason: 'killed by the controller', delivery, startedAtMs, completedAtMs: Date.now() });
          await message.ack();
          metrics?.trialFinished('killed');
        } else {
          message.nak(0);
          metrics?.trialFinished('handed_back');
          log.info('trainer stopping: trial handed back to the queue');
        }
        return;
      }
      const failure = classifyFailure(err);
      const last = delivery >= this.options.consumer.maxDeliver;
      if (failure.disposition === 'retry' && !last) {
        const delayMs = (this.options.retryDelayMs ?? retryDelayMs)(delivery);
        log.warn({ err, reason: failure.reason, delayMs }, 'trial failed; the job will be retried');
        await this.report({ searchId, trialId, state: 'TRIAL_STATE_FAILED', reason: failure.reason, retrying: true, delivery, startedAtMs, completedAtMs: Date.now() });
        message.nak(delayMs);
        metrics?.trialFinished('retried');
      } else {
        const reason = failure.disposition === 'retry' ? `${failure.reason} (attempt ${delivery} of ${this.options.consumer.maxDeliver})` : failure.reason;
        log.error({ err, reason }, 'trial failed');
        await this.report({ searchId, trialId, state: 'TRIAL_STATE_FAILED', reason, delivery, startedAtMs, completedAtMs: Date.now() });
        message.term(reason);
        metrics?.trialFinished(failure.disposition === 'poison' ? 'poison' : 'failed');
      }
    } finally {
      clearInterval(heartbeat);
      control.unsubscribe();
    }
  }

  private async report(report: TrialReport & { searchId: string; trialId: string }): Promise<void> {
    await publishTrialReport(this.options.bus, { worker: this.options.name, ...report });
  }
}
