import type { Bus } from '../../common/bus/bus.js';
import { encodeJson } from '../../common/bus/bus.js';
import { trialMsgId, trialSubject, TRIALS_STREAM } from '../../common/bus/subjects.js';
import { sendTrialControl } from '../../common/bus/trial-control.js';
import { FailedPreconditionError } from '../../common/errors/errors.js';
import type { Latency__Output } from '../../common/generated/facenas/v1/Latency.js';
import type { SearchEvent__Output } from '../../common/generated/facenas/v1/SearchEvent.js';
import type { SearchEventKind__Output } from '../../common/generated/facenas/v1/SearchEventKind.js';
import type { TrialJob } from '../../common/generated/facenas/v1/TrialJob.js';
import type { TrialProgress__Output } from '../../common/generated/facenas/v1/TrialProgress.js';
import type { TrialReport__Output } from '../../common/generated/facenas/v1/TrialReport.js';
import type { Logger } from '../../common/logging/logger.js';
import { hashSeed } from '../../common/random/rng.js';
import type { EventHub } from '../events/event-hub.js';
import type { LatencyOracle } from '../latency/latency-oracle.js';
import type { ControllerMetrics } from '../metrics/controller-metrics.js';
import type { SearchStore } from '../store/search-store.js';
import { completion, trialsToAdd } from './bookkeeping.js';
import { shouldStopEarly } from './median-stop.js';
import type { ArchitectureCodec, RewardFunction, SearchStrategy, StrategyFactory, StrategyObservation } from './ports.js';
import {
  bestTrial,
  FINISHED_SEARCH_STATES,
  isActive,
  isTerminal,
  toSearchMessage,
  toTrialMessage,
  trialId as makeTrialId,
  type SearchRecord,
  type TrialRecord,
} from './records.js';
import { failureReasonCode } from './failure-reasons.js';

const SEQ_RESTART_GAP = 100_000;

export interface SearchDeps {
  bus: Bus;
  store: SearchStore;
  hub: EventHub;
  latency: LatencyOracle;
  strategies: StrategyFactory;
  codec: ArchitectureCodec;
  reward: RewardFunction;
  /** Where the trainer saves a trial's model (file:// folder or nats-object:// prefix). */
  artifactUri(searchId: string, trialId: string): string;
  metrics: ControllerMetrics;
  logger: Logger;
  now(): number;
}

/**
 * One search's state machine. Every change goes through `serial`, one at a time, and is
 * persisted before it is announced, so a restart (restore) continues from the store
 * with nothing lost: jobs are re-published under their message id (deduplicated by
 * JetStream), missing latencies are measured again, and untold results are told.
 */
export class SearchRunner {
  private readonly trials = new Map<string, TrialRecord>();
  private readonly progress = new Map<string, TrialProgress__Output>();
  private readonly pending: StrategyObservation[] = [];
  private serial: Promise<void> = Promise.resolve();
  private strategy: SearchStrategy | null = null;
  private closed = false;

  private constructor(
    readonly search: SearchRecord,
    trials: TrialRecord[],
    private readonly deps: SearchDeps,
  ) {
    for (const t of trials) this.trials.set(t.id, t);
  }

  static async create(search: SearchRecord, deps: SearchDeps): Promise<SearchRunner> {
    const runner = new SearchRunner(search, [], deps);
    // Bad strategy settings fail StartSearch before anything is stored.
    runner.strategy = await deps.strategies(search.spec, null);
    await deps.store.saveStrategyState(search.id, await runner.strategy.state());
    await deps.store.saveSearch(search);
    return runner;
  }

  static async restore(search: SearchRecord, trials: TrialRecord[], deps: SearchDeps): Promise<SearchRunner> {
    // Events after the last save may have used higher numbers: jump past them so a
    // watcher never sees a sequence number twice.
    search.eventSeq += SEQ_RESTART_GAP;
    const runner = new SearchRunner(search, trials, deps);
    if (search.state === 'SEARCH_STATE_RUNNING') await runner.enqueue(() => runner.recover());
    return runner;
  }

  get id(): string {
    return this.search.id;
  }

  trialList(): TrialRecord[] {
    return [...this.trials.values()].sort((a, b) => a.index - b.index);
  }

  trial(trialId: string): TrialRecord | undefined {
    return this.trials.get(trialId);
  }

  progressOf(trialId: string): TrialProgress__Output | null {
    return this.progress.get(trialId) ?? null;
  }

  message() {
    return toSearchMessage(this.search, this.trials.values());
  }

  snapshot(): SearchEvent__Output {
    return {
      searchId: this.id,
      seq: this.search.eventSeq,
      timeMs: this.deps.now(),
      kind: 'SEARCH_EVENT_KIND_SNAPSHOT',
      search: this.message(),
      trial: null,
      progress: null,
      trials: this.trialList().map((t) => toTrialMessage(t, this.progressOf(t.id))),
      message: '',
    };
  }

  isRunning(): boolean {
    return this.search.state === 'SEARCH_STATE_RUNNING';
  }

  /** Resolves once every change queued so far is applied and stored. */
  idle(): Promise<void> {
    return this.serial;
  }

  start(): Promise<void> {
    return this.enqueue(async () => {
      this.search.state = 'SEARCH_STATE_RUNNING';
      this.search.startedAtMs = this.deps.now();
      await this.deps.store.saveSearch(this.search);
      await this.fill();
    });
  }

  applyReport(report: TrialReport__Output): Promise<void> {
    return this.enqueue(() => this.onReport(report));
  }

  /** A job that exhausted its deliveries without a final report. */
  failDeadJob(trialId: string, deliveries: number): Promise<void> {
    return this.enqueue(async () => {
      const trial = this.trials.get(trialId);
      if (!trial || isTerminal(trial)) return;
      await this.fail(trial, `max_deliveries: the trial's job was delivered ${deliveries} times without a result (every trainer that took it died or timed out)`);
      await this.afterChange();
    });
  }

  stop(reason = 'stopped by request'): Promise<void> {
    return this.enqueue(async () => {
      if (FINISHED_SEARCH_STATES.includes(this.search.state)) return;
      this.search.state = 'SEARCH_STATE_STOPPED';
      this.search.message = reason;
      this.search.completedAtMs = this.deps.now();
      await this.deps.store.saveSearch(this.search);
      await this.killActive(reason);
      this.emit('SEARCH_EVENT_KIND_SEARCH_STOPPED', { message: reason });
    });
  }

  resume(maxTrials: number): Promise<void> {
    return this.enqueue(async () => {
      if (this.search.state === 'SEARCH_STATE_RUNNING') throw new FailedPreconditionError(`search ${this.id} is already running`);
      if (maxTrials > 0) {
        if (maxTrials < this.trialList().filter((t) => !t.baseline).length) {
          throw new FailedPreconditionError(`max_trials ${maxTrials} is below the ${this.trials.size} trials already created`);
        }
        this.search.spec.maxTrials = maxTrials;
      }
      this.search.state = 'SEARCH_STATE_RUNNING';
      this.search.message = 'resumed';
      this.search.completedAtMs = 0;
      await this.deps.store.saveSearch(this.search);
      this.emit('SEARCH_EVENT_KIND_SEARCH_RESUMED', { message: 'resumed' });
      await this.recover();
    });
  }

  close(): void {
    this.closed = true;
  }

  // ---- internals (always inside `serial`) ----

  private enqueue(work: () => Promise<void>): Promise<void> {
    const next = this.serial.then(() => (this.closed ? undefined : work()));
    this.serial = next.catch((err: unknown) => this.deps.logger.error({ err, searchId: this.id }, 'search step failed'));
    return next;
  }

  /** After a restart or resume: strategy back, jobs re-published, latencies re-measured, results told. */
  private async recover(): Promise<void> {
    if (!this.strategy) this.strategy = await this.deps.strategies(this.search.spec, await this.deps.store.loadStrategyState(this.id));
    for (const trial of this.trialList()) {
      if (isTerminal(trial)) {
        if (!trial.told) this.observe(trial);
        continue;
      }
      if (trial.reusedFrom) {
        const origin = this.trials.get(trial.reusedFrom);
        if (origin && isTerminal(origin)) await this.copyOutcome(trial, origin);
        continue;
      }
      if (trial.state === 'TRIAL_STATE_CREATED') await this.publishJob(trial);
      if (!trial.latency) this.measureLatency(trial);
      else if (trial.trained) await this.complete(trial);
    }
    await this.afterChange();
  }

  private async fill(): Promise<void> {
    if (!this.isRunning() || !this.strategy) return;
    const trials = this.trialList();
    if (this.search.spec.includeBaseline && !trials.some((t) => t.baseline)) {
      await this.createTrial(this.deps.codec.baselineDecisions(), [], true);
    }
    const k = trialsToAdd(this.search.spec, this.trialList());
    if (k === 0) return;
    const proposals = await this.strategy.ask(k);
    // The strategy's state (its random generator moved) is saved before the trials it
    // produced, so a crash in between loses proposals, never repeats them.
    await this.deps.store.saveStrategyState(this.id, await this.strategy.state());
    for (const p of proposals) await this.createTrial(p.decisions, p.logProbs, false);
  }

  private async createTrial(decisions: number[], logProbs: number[], baseline: boolean): Promise<void> {
    const spec = this.search.spec;
    const index = this.search.nextIndex++;
    const architecture = this.deps.codec.fromDecisions(decisions, spec.budget.imageSize);
    const trial: TrialRecord = {
      id: makeTrialId(index),
      searchId: this.id,
      index,
      architecture,
      logProbs,
      state: 'TRIAL_STATE_CREATED',
      reason: '',
      attempts: 0,
      worker: '',
      createdAtMs: this.deps.now(),
      startedAtMs: 0,
      completedAtMs: 0,
      metrics: null,
      latency: null,
      reward: null,
      accuracy: null,
      reusedFrom: '',
      modelUri: '',
      baseline,
      trained: false,
      reportedState: null,
      evalCurve: [],
      told: false,
      deliveries: [],
    };
    this.trials.set(trial.id, trial);
    await this.deps.store.saveSearch(this.search);

    // The same architecture is never trained twice in a search: reuse its outcome.
    const twin = this.trialList().find((t) => t.id !== trial.id && t.architecture.id === architecture.id && !t.reusedFrom && t.state !== 'TRIAL_STATE_KILLED');
    if (twin) {
      trial.reusedFrom = twin.id;
      trial.state = 'TRIAL_STATE_RUNNING';
      await this.deps.store.saveTrial(trial);
      this.emitTrial('SEARCH_EVENT_KIND_TRIAL_CREATED', trial);
      if (isTerminal(twin)) await this.copyOutcome(trial, twin);
      return;
    }
    await this.deps.store.saveTrial(trial);
    await this.publishJob(trial);
    this.emitTrial('SEARCH_EVENT_KIND_TRIAL_CREATED', trial);
    this.measureLatency(trial);
  }

  private async publishJob(trial: TrialRecord): Promise<void> {
    const spec = this.search.spec;
    const job: TrialJob = {
      searchId: this.id,
      trialId: trial.id,
      architecture: trial.architecture,
      dataset: spec.dataset,
      budget: spec.budget,
      objective: spec.objective,
      seed: hashSeed(spec.seed, trial.index),
      artifactUri: this.deps.artifactUri(this.id, trial.id),
      evalEachEpoch: spec.earlyStopping,
    };
    await this.deps.bus.publish(trialSubject(this.id), encodeJson(job), { msgId: trialMsgId(this.id, trial.id) });
  }

  private measureLatency(trial: TrialRecord): void {
    this.deps.latency.latency(trial.architecture, this.search.spec.reward).then(
      (latency) => this.enqueue(() => this.onLatency(trial.id, latency)),
      (err: unknown) =>
        this.enqueue(async () => {
          const t = this.trials.get(trial.id);
          if (!t || isTerminal(t)) return;
          sendTrialControl(this.deps.bus, this.id, t.id, { action: 'kill', reason: 'latency measurement failed' });
          await this.fail(t, `latency: ${(err as Error).message}`);
          await this.afterChange();
        }),
    );
  }

  private async onLatency(trialId: string, latency: Latency__Output): Promise<void> {
    const trial = this.trials.get(trialId);
    if (!trial || isTerminal(trial)) return;
    trial.latency = latency;
    await this.deps.store.saveTrial(trial);
    if (trial.trained) await this.complete(trial);
    await this.afterChange();
  }

  private async onReport(report: TrialReport__Output): Promise<void> {
    const trial = this.trials.get(report.trialId);
    if (!trial) {
      this.deps.logger.warn({ searchId: this.id, trialId: report.trialId }, 'report for an unknown trial ignored');
      return;
    }
    // A second result for a finished trial changes nothing (idempotent).
    if (isTerminal(trial) || trial.reusedFrom) return;
    switch (report.state) {
      case 'TRIAL_STATE_RUNNING':
        if (report.progress) {
          await this.onProgress(trial, report.progress);
          return;
        }
        if (!trial.deliveries.includes(report.delivery)) trial.deliveries.push(report.delivery);
        trial.attempts = trial.deliveries.length;
        trial.worker = report.worker;
        trial.startedAtMs ||= report.startedAtMs || this.deps.now();
        if (trial.state === 'TRIAL_STATE_CREATED') {
          trial.state = 'TRIAL_STATE_RUNNING';
          this.deps.metrics.trialStarted();
        }
        await this.deps.store.saveTrial(trial);
        this.emitTrial('SEARCH_EVENT_KIND_TRIAL_STARTED', trial);
        return;
      case 'TRIAL_STATE_SUCCEEDED':
      case 'TRIAL_STATE_EARLYSTOPPED':
        trial.metrics = report.metrics;
        trial.modelUri = report.modelUri;
        trial.worker = report.worker || trial.worker;
        trial.trained = true;
        trial.reportedState = report.state;
        await this.deps.store.saveTrial(trial);
        if (trial.latency) await this.complete(trial);
        await this.afterChange();
        return;
      case 'TRIAL_STATE_FAILED':
        if (report.retrying) {
          trial.reason = report.reason;
          await this.deps.store.saveTrial(trial);
          this.emitTrial('SEARCH_EVENT_KIND_TRIAL_PROGRESS', trial, `attempt ${report.delivery} failed, retrying: ${report.reason}`);
          return;
        }
        if (report.metrics) trial.metrics = report.metrics;
        await this.fail(trial, report.reason || 'trainer reported failure without a reason');
        await this.afterChange();
        return;
      case 'TRIAL_STATE_KILLED':
        // The trainer confirms a kill the controller ordered; the trial is KILLED already,
        // or the search was stopped and resumed since: nothing to do.
        return;
      default:
        this.deps.logger.warn({ searchId: this.id, trialId: trial.id, state: report.state }, 'report with an unexpected state ignored');
    }
  }

  private async onProgress(trial: TrialRecord, progress: TrialProgress__Output): Promise<void> {
    this.progress.set(trial.id, progress);
    if (progress.hasEvalAccuracy && progress.epoch >= 1) {
      trial.evalCurve[progress.epoch - 1] = progress.evalAccuracy;
      await this.deps.store.saveTrial(trial);
      if (this.search.spec.earlyStopping && !trial.baseline) {
        const completed = this.trialList()
          .filter((t) => t.state === 'TRIAL_STATE_SUCCEEDED' && !t.reusedFrom)
          .map((t) => t.evalCurve);
        if (shouldStopEarly(trial.evalCurve.slice(0, progress.epoch), completed)) {
          sendTrialControl(this.deps.bus, this.id, trial.id, {
            action: 'early-stop',
            reason: `accuracy ${progress.evalAccuracy.toFixed(4)} after epoch ${progress.epoch} is below the median of completed trials`,
          });
        }
      }
    }
    this.emit('SEARCH_EVENT_KIND_TRIAL_PROGRESS', { trial: toTrialMessage(trial, progress), progress });
  }

  private async complete(trial: TrialRecord): Promise<void> {
    if (!trial.metrics || !trial.latency) return;
    const spec = this.search.spec;
    const before = bestTrial(this.trials.values());
    const accuracy = spec.objective === 'OBJECTIVE_TOP1' ? trial.metrics.top1 : trial.metrics.verificationAccuracy;
    trial.accuracy = accuracy;
    trial.reward = this.deps.reward(accuracy, trial.latency.medianMs, spec.reward);
    trial.state = trial.reportedState ?? 'TRIAL_STATE_SUCCEEDED';
    trial.completedAtMs = this.deps.now();
    await this.deps.store.saveTrial(trial);
    this.deps.metrics.trialCompleted(trial);
    this.emitTrial('SEARCH_EVENT_KIND_TRIAL_COMPLETED', trial);
    if (!before || (trial.reward as number) > (before.reward as number)) this.emitTrial('SEARCH_EVENT_KIND_NEW_BEST', trial);
    this.observe(trial);
    await this.settleTwins(trial);
  }

  private async fail(trial: TrialRecord, reason: string): Promise<void> {
    trial.state = 'TRIAL_STATE_FAILED';
    trial.reason = reason;
    trial.completedAtMs = this.deps.now();
    await this.deps.store.saveTrial(trial);
    this.deps.metrics.trialFailed(failureReasonCode(reason));
    this.emitTrial('SEARCH_EVENT_KIND_TRIAL_FAILED', trial);
    this.observe(trial);
    await this.settleTwins(trial);
  }

  private async settleTwins(origin: TrialRecord): Promise<void> {
    for (const t of this.trials.values()) {
      if (t.reusedFrom === origin.id && !isTerminal(t)) await this.copyOutcome(t, origin);
    }
  }

  private async copyOutcome(trial: TrialRecord, origin: TrialRecord): Promise<void> {
    trial.state = origin.state;
    trial.reason = origin.reason ? `reused from ${origin.id}: ${origin.reason}` : '';
    trial.metrics = origin.metrics;
    trial.latency = origin.latency;
    trial.accuracy = origin.accuracy;
    trial.reward = origin.reward;
    trial.modelUri = origin.modelUri;
    trial.completedAtMs = this.deps.now();
    await this.deps.store.saveTrial(trial);
    this.emitTrial(trial.state === 'TRIAL_STATE_FAILED' ? 'SEARCH_EVENT_KIND_TRIAL_FAILED' : 'SEARCH_EVENT_KIND_TRIAL_COMPLETED', trial);
    this.observe(trial);
  }

  private observe(trial: TrialRecord): void {
    if (trial.told || trial.state === 'TRIAL_STATE_KILLED') return;
    this.pending.push({ trialId: trial.id, decisions: trial.architecture.decisions, logProbs: trial.logProbs, reward: trial.reward });
  }

  /** Tells the strategy what finished (batched), then tops up trials or ends the search. */
  private async afterChange(): Promise<void> {
    if (this.pending.length > 0 && this.strategy) {
      const batch = this.pending.splice(0);
      await this.strategy.tell(batch);
      await this.deps.store.saveStrategyState(this.id, await this.strategy.state());
      for (const o of batch) {
        const t = this.trials.get(o.trialId);
        if (t) {
          t.told = true;
          await this.deps.store.saveTrial(t);
        }
      }
    }
    if (!this.isRunning()) return;
    const done = completion(this.search.spec, this.trialList());
    if (done.done) {
      if (done.state === 'SEARCH_STATE_FAILED') await this.killActive(done.message);
      this.search.state = done.state;
      this.search.message = done.message;
      this.search.completedAtMs = this.deps.now();
      await this.deps.store.saveSearch(this.search);
      this.emit('SEARCH_EVENT_KIND_SEARCH_COMPLETED', { message: done.message });
      return;
    }
    await this.fill();
  }

  private async killActive(reason: string): Promise<void> {
    await this.deps.bus.purge(TRIALS_STREAM, trialSubject(this.id));
    for (const trial of this.trialList()) {
      if (!isActive(trial)) continue;
      if (!trial.reusedFrom) sendTrialControl(this.deps.bus, this.id, trial.id, { action: 'kill', reason });
      trial.state = 'TRIAL_STATE_KILLED';
      trial.reason = reason;
      trial.completedAtMs = this.deps.now();
      await this.deps.store.saveTrial(trial);
      this.emitTrial('SEARCH_EVENT_KIND_TRIAL_KILLED', trial);
    }
  }

  private emitTrial(kind: SearchEventKind__Output, trial: TrialRecord, message = ''): void {
    this.emit(kind, { trial: toTrialMessage(trial, this.progressOf(trial.id)), message });
  }

  private emit(kind: SearchEventKind__Output, extra: Partial<Pick<SearchEvent__Output, 'trial' | 'progress' | 'message'>>): void {
    this.search.eventSeq++;
    this.deps.hub.publish({
      searchId: this.id,
      seq: this.search.eventSeq,
      timeMs: this.deps.now(),
      kind,
      search: this.message(),
      trial: extra.trial ?? null,
      progress: extra.progress ?? null,
      trials: [],
      message: extra.message ?? '',
    });
  }
}
