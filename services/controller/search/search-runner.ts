import type { Bus } from '../../common/bus/bus.js';
import { encodeJson } from '../../common/bus/bus.js';
import { eventSubject, trialMsgId, trialSubject, TRIALS_STREAM } from '../../common/bus/subjects.js';
import { sendTrialControl } from '../../common/bus/trial-control.js';
import { FailedPreconditionError, UnavailableError } from '../../common/errors/errors.js';
import type { Latency__Output } from '../../common/generated/facenas/v1/Latency.js';
import type { Search__Output } from '../../common/generated/facenas/v1/Search.js';
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
import { completion, trialsToAdd, type Completion } from './bookkeeping.js';
import { failureReasonCode } from './failure-reasons.js';
import { shouldStopEarly } from './median-stop.js';
import type { ArchitectureCodec, RewardFunction, SearchStrategy, StrategyFactory } from './ports.js';
import {
  FINISHED_SEARCH_STATES,
  isTerminal,
  toSearchMessage,
  toTrialMessage,
  trialId as makeTrialId,
  type SearchRecord,
  type TrialRecord,
} from './records.js';
import { TrialBook } from './trial-book.js';

const SEQ_RESTART_GAP = 100_000;
/**
 * New trials per step. Creating one costs ~2 ms (its architecture's costs and id), so a
 * search starting 200 parallel trials sends its first jobs after 25 of them, not 200.
 */
const NEW_TRIALS_PER_STEP = 25;

interface InboxItem {
  apply(): void;
  resolve(): void;
  reject(err: unknown): void;
}

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
 * One search's state machine. Changes run one at a time (`enqueue`); each is a step
 * that changes the trials in memory and then commits: the strategy's state, every
 * changed trial and the search record are written (concurrently), then the step's
 * events go to watchers, then its new jobs are published (their marks written by the
 * next step). So nothing is announced before it is stored, and a restart (restore)
 * continues from the store with nothing lost, no proposal made twice and a job
 * re-published only when it may never have reached the queue. Trial outcomes that
 * queue up while a step runs share the next step (`submit`).
 */
export class SearchRunner {
  private readonly book: TrialBook;
  private readonly progress = new Map<string, TrialProgress__Output>();
  /** Finished trials the strategy has not learned from yet (kept in finishing order). */
  private readonly untold = new Set<TrialRecord>();
  /**
   * Trials told to the strategy by this process. Not stored: the strategy's state and the
   * trials are written concurrently, so after a restart every finished trial is told
   * again and the strategy keeps the ones its saved state lacks.
   */
  private readonly told = new Set<string>();
  /** Proposals taken from the strategy so far (saved with its state, see recover()). */
  private proposals = 0;
  private serial: Promise<void> = Promise.resolve();
  private strategy: SearchStrategy | null = null;
  private closed = false;
  // What the current step changed, for commit().
  private readonly dirty = new Set<TrialRecord>();
  private searchDirty = false;
  private strategyDirty = false;
  private readonly outbox: SearchEvent__Output[] = [];
  private readonly jobs: TrialRecord[] = [];
  private outcomeToPublish = false;
  private purgeJobs = false;
  private createdInStep = 0;
  private readonly inbox: InboxItem[] = [];
  private drainScheduled = false;

  private constructor(
    readonly search: SearchRecord,
    trials: TrialRecord[],
    private readonly deps: SearchDeps,
  ) {
    this.book = new TrialBook(trials);
  }

  static async create(search: SearchRecord, deps: SearchDeps): Promise<SearchRunner> {
    const runner = new SearchRunner(search, [], deps);
    // Bad strategy settings fail StartSearch before anything is stored.
    runner.strategy = await deps.strategies.create(search.spec, null);
    await deps.store.saveStrategy(search.id, { proposals: 0, state: await runner.strategy.state() });
    await deps.store.saveSearch(search);
    return runner;
  }

  /** `trials` sorted by index, as the store lists them. */
  static async restore(search: SearchRecord, trials: TrialRecord[], deps: SearchDeps): Promise<SearchRunner> {
    // Events after the last save may have used higher numbers: jump past them so a
    // watcher never sees a sequence number twice.
    search.eventSeq += SEQ_RESTART_GAP;
    // The index is saved with each trial, not with the search, to save a write per trial.
    search.nextIndex = Math.max(search.nextIndex, (trials.at(-1)?.index ?? -1) + 1);
    const runner = new SearchRunner(search, trials, deps);
    if (search.state !== 'SEARCH_STATE_RUNNING') return runner;
    try {
      await runner.enqueue(() => runner.recover());
    } catch (err) {
      // A saved state this build cannot continue (another strategy version): that search
      // ends FAILED, saying why; anything else (the bus is down) stops the controller.
      if (!(err instanceof FailedPreconditionError)) throw err;
      await runner.enqueue(() => runner.finish({ done: true, state: 'SEARCH_STATE_FAILED', message: `cannot resume: ${err.message}` }));
    }
    return runner;
  }

  get id(): string {
    return this.search.id;
  }

  /** Every trial by index (the runner's own list: do not change it). */
  trialList(): readonly TrialRecord[] {
    return this.book.list();
  }

  trial(trialId: string): TrialRecord | undefined {
    return this.book.get(trialId);
  }

  best(): TrialRecord | null {
    return this.book.best();
  }

  progressOf(trialId: string): TrialProgress__Output | null {
    return this.progress.get(trialId) ?? null;
  }

  /** Trials whose job waits for or is held by a trainer (created or running, not reused). */
  trialJobsOut(): number {
    return this.book.active().filter((t) => !t.reusedFrom).length;
  }

  message(): Search__Output {
    return toSearchMessage(this.search, this.book.summary());
  }

  /** The current state; its `seq` is that of the last event this state includes. */
  snapshot(): SearchEvent__Output {
    return {
      searchId: this.id,
      seq: this.search.eventSeq,
      timeMs: this.deps.now(),
      kind: 'SEARCH_EVENT_KIND_SNAPSHOT',
      search: this.message(),
      trial: null,
      progress: null,
      trials: this.book.list().map((t) => toTrialMessage(t, this.progressOf(t.id))),
      message: '',
    };
  }

  isRunning(): boolean {
    return this.search.state === 'SEARCH_STATE_RUNNING';
  }

  /** Resolves once every change queued so far, and every step those queued, is applied and stored. */
  async idle(): Promise<void> {
    let current: Promise<void>;
    do {
      current = this.serial;
      await current;
    } while (current !== this.serial);
  }

  start(): Promise<void> {
    return this.enqueue(async () => {
      this.search.state = 'SEARCH_STATE_RUNNING';
      this.search.startedAtMs = this.deps.now();
      this.searchDirty = true;
      await this.afterChange();
    });
  }

  /** Resolves once the report is applied and stored; rejects when it was not (read it again). */
  applyReport(report: TrialReport__Output): Promise<void> {
    return this.submit(() => this.onReport(report));
  }

  /** A job that exhausted its deliveries without a final report. */
  failDeadJob(trialId: string, deliveries: number): Promise<void> {
    return this.submit(() => {
      const trial = this.book.get(trialId);
      if (!trial || isTerminal(trial)) return;
      this.fail(trial, `max_deliveries: the trial's job was delivered ${deliveries} times without a result (every trainer that took it died, timed out or failed)`);
    });
  }

  stop(reason = 'stopped by request'): Promise<void> {
    return this.enqueue(async () => {
      if (FINISHED_SEARCH_STATES.includes(this.search.state)) return;
      this.search.state = 'SEARCH_STATE_STOPPED';
      this.search.message = reason;
      this.search.completedAtMs = this.deps.now();
      this.searchDirty = true;
      await this.killActive(reason);
      this.emit('SEARCH_EVENT_KIND_SEARCH_STOPPED', { message: reason });
      this.outcomeToPublish = true;
    });
  }

  /** Runs a finished search again; `maxTrials` > 0 raises its trial budget. */
  resume(maxTrials: number): Promise<void> {
    return this.enqueue(async () => {
      if (this.isRunning()) throw new FailedPreconditionError(`search ${this.id} is already running`);
      if (maxTrials > 0) {
        const sampled = this.book.counts.sampled;
        if (maxTrials < sampled) throw new FailedPreconditionError(`max_trials ${maxTrials} is below the ${sampled} trials the search already counts`);
        this.search.spec.maxTrials = maxTrials;
      }
      this.search.state = 'SEARCH_STATE_RUNNING';
      this.search.message = 'resumed';
      this.search.completedAtMs = 0;
      this.searchDirty = true;
      this.emit('SEARCH_EVENT_KIND_SEARCH_RESUMED', { message: 'resumed' });
      await this.recover();
    });
  }

  close(): void {
    this.closed = true;
    this.strategy?.dispose();
  }

  // ---- internals (always inside a step) ----

  /**
   * Queues one outcome (a report, a latency, a dead job) for the next step. Outcomes that
   * arrive while a step runs are applied together in the following one, which then tells
   * the strategy once, tops up once and commits once: under load a search does one
   * strategy update and one state write per batch rather than per trial.
   */
  private submit(apply: () => void): Promise<void> {
    return new Promise((resolve, reject) => {
      this.inbox.push({ apply, resolve, reject });
      if (this.drainScheduled) return;
      this.drainScheduled = true;
      const batch: InboxItem[] = [];
      const failed = new Map<InboxItem, unknown>();
      this.enqueue(async () => {
        this.drainScheduled = false;
        batch.push(...this.inbox.splice(0));
        for (const item of batch) {
          try {
            item.apply();
          } catch (err) {
            failed.set(item, err);
          }
        }
        await this.afterChange();
      }).then(
        () => {
          // Closed before the step ran: nothing was applied.
          if (batch.length === 0) for (const item of this.inbox.splice(0)) item.reject(new UnavailableError(`search ${this.id} is closed`));
          for (const item of batch) {
            if (failed.has(item)) item.reject(failed.get(item));
            else item.resolve();
          }
        },
        (err: unknown) => {
          for (const item of batch) item.reject(failed.get(item) ?? err);
        },
      );
    });
  }

  private enqueue(work: () => Promise<void>): Promise<void> {
    const next = this.serial.then(async () => {
      if (this.closed) return;
      this.createdInStep = 0;
      try {
        await work();
      } finally {
        // What a failed step did change is still stored and announced.
        await this.commit();
      }
    });
    this.serial = next.catch((err: unknown) => this.deps.logger.error({ err, searchId: this.id }, 'search step failed'));
    return next;
  }

  private async commit(): Promise<void> {
    await this.saveChanged();
    for (const event of this.outbox.splice(0)) this.deps.hub.publish(event);
    if (this.purgeJobs) {
      await this.deps.bus.purge(TRIALS_STREAM, trialSubject(this.id));
      this.purgeJobs = false;
    }
    if (this.jobs.length > 0) {
      const jobs = this.jobs.splice(0);
      try {
        await Promise.all(jobs.map((t) => this.publishJob(t)));
      } catch (err) {
        this.jobs.unshift(...jobs.filter((t) => !t.jobPublished && t.state === 'TRIAL_STATE_CREATED'));
        throw err;
      }
      // The published marks are written by the next step, which outcomes that queued up
      // meanwhile join; one is queued for it now, so the marks never wait for a report.
      this.submit(() => undefined).catch(() => undefined);
    }
    if (this.outcomeToPublish) {
      await this.deps.bus.publish(eventSubject(this.id, 'search.completed'), encodeJson(this.message()), {
        msgId: `${this.id}.search.completed.${this.search.completedAtMs}`,
      });
      this.outcomeToPublish = false;
    }
  }

  /**
   * Writes the strategy's state, the changed trials and the search record at once. Their
   * order does not matter: a restart tells the strategy every finished trial again and
   * skips the proposals made after its saved state (recover()).
   */
  private async saveChanged(): Promise<void> {
    const trials = [...this.dirty];
    const search = this.searchDirty;
    const strategy = this.strategyDirty ? this.strategy : null;
    this.dirty.clear();
    this.searchDirty = false;
    this.strategyDirty = false;
    try {
      const saved = strategy ? { proposals: this.proposals, state: await strategy.state() } : null;
      await Promise.all([
        ...trials.map((t) => this.deps.store.saveTrial(t)),
        search ? this.deps.store.saveSearch(this.search) : null,
        saved ? this.deps.store.saveStrategy(this.id, saved) : null,
      ]);
    } catch (err) {
      for (const t of trials) this.dirty.add(t);
      this.searchDirty ||= search;
      this.strategyDirty ||= strategy !== null;
      throw err;
    }
  }

  /** After a restart or resume: strategy back, missing jobs published, latencies re-measured, results told. */
  private async recover(): Promise<void> {
    if (!this.strategy) {
      const saved = await this.deps.store.loadStrategy(this.id);
      this.strategy = await this.deps.strategies.create(this.search.spec, saved?.state ?? null);
      this.proposals = saved?.proposals ?? 0;
      // Trials stored after the last saved state came from proposals that state has not
      // made yet: make them again and drop them, so they are not proposed twice.
      const made = this.book.list().filter((t) => !t.baseline).length;
      if (made > this.proposals) {
        await this.strategy.ask(made - this.proposals);
        this.proposals = made;
        this.strategyDirty = true;
      }
    }
    for (const trial of this.book.list()) {
      if (isTerminal(trial)) {
        this.observe(trial);
        continue;
      }
      if (trial.reusedFrom) {
        const origin = this.book.get(trial.reusedFrom);
        if (origin && isTerminal(origin)) this.copyOutcome(trial, origin);
        continue;
      }
      if (trial.state === 'TRIAL_STATE_CREATED' && !trial.jobPublished) this.jobs.push(trial);
      if (!trial.latency) this.measureLatency(trial);
      else if (trial.trained) this.complete(trial);
    }
    await this.afterChange();
  }

  /** Creates the trials Katib's rule allows; true when one of them finished at once (reused a finished result). */
  private async fill(): Promise<boolean> {
    if (!this.isRunning() || !this.strategy) return false;
    // The baseline is always trial 0: it is created before anything else.
    if (this.search.spec.includeBaseline && this.book.list().length === 0) this.createTrial(this.deps.codec.baselineDecisions(), [], true);
    const room = trialsToAdd(this.search.spec, this.book.counts);
    const k = Math.min(room, NEW_TRIALS_PER_STEP - this.createdInStep);
    // The rest in the next step, once these are committed and their jobs are out.
    if (room > k) this.submit(() => undefined).catch(() => undefined);
    if (k <= 0) return false;
    const proposals = await this.strategy.ask(k);
    this.createdInStep += proposals.length;
    this.proposals += proposals.length;
    this.strategyDirty = true;
    let finishedAtOnce = false;
    for (const p of proposals) finishedAtOnce = isTerminal(this.createTrial(p.decisions, p.logProbs, false)) || finishedAtOnce;
    return finishedAtOnce;
  }

  private createTrial(decisions: number[], logProbs: number[], baseline: boolean): TrialRecord {
    const spec = this.search.spec;
    const index = this.search.nextIndex++;
    const architecture = this.deps.codec.fromDecisions(decisions, spec.budget.imageSize);
    const trial: TrialRecord = {
      id: makeTrialId(index),
      searchId: this.id,
      index,
      architecture,
      sampledDecisions: decisions,
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
      deliveries: [],
      jobPublished: false,
    };
    // The same architecture is never trained twice in a search: reuse its outcome.
    const origin = this.book.originOf(architecture.id);
    if (origin) {
      trial.reusedFrom = origin.id;
      trial.state = 'TRIAL_STATE_RUNNING';
    }
    this.book.add(trial);
    this.dirty.add(trial);
    this.emitTrial('SEARCH_EVENT_KIND_TRIAL_CREATED', trial);
    if (origin) {
      if (isTerminal(origin)) this.copyOutcome(trial, origin);
      return trial;
    }
    this.jobs.push(trial);
    this.measureLatency(trial);
    return trial;
  }

  private async publishJob(trial: TrialRecord): Promise<void> {
    // Killed (search stopped or failed) before its job went out.
    if (trial.state !== 'TRIAL_STATE_CREATED') return;
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
    trial.jobPublished = true;
    this.dirty.add(trial);
  }

  private measureLatency(trial: TrialRecord): void {
    this.deps.latency.latency(trial.architecture, this.search.spec.reward).then(
      (latency) => this.submit(() => this.onLatency(trial.id, latency)),
      (err: unknown) =>
        this.submit(() => {
          const t = this.book.get(trial.id);
          if (!t || isTerminal(t)) return;
          sendTrialControl(this.deps.bus, this.id, t.id, { action: 'kill', reason: 'latency measurement failed' });
          this.fail(t, `latency: ${(err as Error).message}`);
        }),
    ).catch((err: unknown) => {
      if (!this.closed) this.deps.logger.warn({ err, searchId: this.id, trialId: trial.id }, 'latency not applied; a restart measures it again');
    });
  }

  private onLatency(trialId: string, latency: Latency__Output): void {
    const trial = this.book.get(trialId);
    if (!trial || isTerminal(trial)) return;
    trial.latency = latency;
    this.dirty.add(trial);
    if (trial.trained) this.complete(trial);
  }

  private onReport(report: TrialReport__Output): void {
    const trial = this.book.get(report.trialId);
    if (!trial) {
      this.deps.logger.warn({ searchId: this.id, trialId: report.trialId }, 'report for an unknown trial ignored');
      return;
    }
    // A second result for a finished trial changes nothing (idempotent).
    if (isTerminal(trial) || trial.reusedFrom) return;
    switch (report.state) {
      case 'TRIAL_STATE_RUNNING':
        if (report.progress) {
          this.onProgress(trial, report.progress);
          return;
        }
        this.noteDelivery(trial, report);
        if (trial.state === 'TRIAL_STATE_CREATED') {
          this.book.setState(trial, 'TRIAL_STATE_RUNNING');
          this.deps.metrics.trialStarted();
        }
        this.dirty.add(trial);
        this.emitTrial('SEARCH_EVENT_KIND_TRIAL_STARTED', trial);
        return;
      case 'TRIAL_STATE_SUCCEEDED':
      case 'TRIAL_STATE_EARLYSTOPPED':
        this.noteDelivery(trial, report);
        if (!report.metrics) {
          this.fail(trial, 'training: the trainer reported success without metrics');
        } else {
          trial.metrics = report.metrics;
          trial.modelUri = report.modelUri;
          trial.trained = true;
          trial.reportedState = report.state;
          this.dirty.add(trial);
          if (trial.latency) this.complete(trial);
        }
        return;
      case 'TRIAL_STATE_FAILED':
        this.noteDelivery(trial, report);
        if (report.retrying) {
          trial.reason = report.reason;
          this.dirty.add(trial);
          this.emitTrial('SEARCH_EVENT_KIND_TRIAL_PROGRESS', trial, `attempt ${report.delivery} failed, retrying: ${report.reason}`);
          return;
        }
        if (report.metrics) trial.metrics = report.metrics;
        this.fail(trial, report.reason || 'trainer reported failure without a reason');
        return;
      case 'TRIAL_STATE_KILLED':
        // The trainer confirms a kill the controller ordered; the trial is KILLED already,
        // or the search was stopped and resumed since: nothing to do.
        return;
      default:
        this.deps.logger.warn({ searchId: this.id, trialId: trial.id, state: report.state }, 'report with an unexpected state ignored');
    }
  }

  /** Attempts are the distinct deliveries of the job that reported (a redelivery is another attempt). */
  private noteDelivery(trial: TrialRecord, report: TrialReport__Output): void {
    if (report.delivery > 0 && !trial.deliveries.includes(report.delivery)) trial.deliveries.push(report.delivery);
    trial.attempts = Math.max(trial.deliveries.length, trial.attempts, 1);
    trial.worker = report.worker || trial.worker;
    trial.startedAtMs ||= report.startedAtMs || this.deps.now();
  }

  private onProgress(trial: TrialRecord, progress: TrialProgress__Output): void {
    this.progress.set(trial.id, progress);
    if (progress.hasEvalAccuracy && progress.epoch >= 1) {
      trial.evalCurve[progress.epoch - 1] = progress.evalAccuracy;
      this.dirty.add(trial);
      if (this.search.spec.earlyStopping && !trial.baseline) {
        const completed = this.book
          .list()
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

  private complete(trial: TrialRecord): void {
    if (!trial.metrics || !trial.latency) return;
    const spec = this.search.spec;
    const accuracy = spec.objective === 'OBJECTIVE_TOP1' ? trial.metrics.top1 : trial.metrics.verificationAccuracy;
    let reward: number;
    try {
      reward = this.deps.reward(accuracy, trial.latency.medianMs, spec.reward);
    } catch (err) {
      this.fail(trial, `evaluation: no reward for accuracy ${accuracy} at ${trial.latency.medianMs} ms: ${(err as Error).message}`);
      return;
    }
    const before = this.book.best();
    trial.accuracy = accuracy;
    this.book.setReward(trial, reward);
    this.book.setState(trial, trial.reportedState ?? 'TRIAL_STATE_SUCCEEDED');
    trial.completedAtMs = this.deps.now();
    this.dirty.add(trial);
    this.progress.delete(trial.id);
    this.deps.metrics.trialCompleted(trial);
    this.emitTrial('SEARCH_EVENT_KIND_TRIAL_COMPLETED', trial);
    if (this.book.best() !== before) this.emitTrial('SEARCH_EVENT_KIND_NEW_BEST', trial);
    this.observe(trial);
    this.settleTwins(trial);
  }

  private fail(trial: TrialRecord, reason: string): void {
    this.book.setState(trial, 'TRIAL_STATE_FAILED');
    trial.reason = reason;
    trial.completedAtMs = this.deps.now();
    this.dirty.add(trial);
    this.progress.delete(trial.id);
    this.deps.metrics.trialFailed(failureReasonCode(reason));
    this.emitTrial('SEARCH_EVENT_KIND_TRIAL_FAILED', trial);
    this.observe(trial);
    this.settleTwins(trial);
  }

  private settleTwins(origin: TrialRecord): void {
    for (const t of [...this.book.waitingOn(origin.id)]) this.copyOutcome(t, origin);
  }

  private copyOutcome(trial: TrialRecord, origin: TrialRecord): void {
    trial.reason = origin.reason ? `reused from ${origin.id}: ${origin.reason}` : `reused from ${origin.id}`;
    trial.metrics = origin.metrics;
    trial.latency = origin.latency;
    trial.accuracy = origin.accuracy;
    trial.modelUri = origin.modelUri;
    if (origin.reward !== null) this.book.setReward(trial, origin.reward);
    this.book.setState(trial, origin.state);
    trial.completedAtMs = this.deps.now();
    this.dirty.add(trial);
    this.emitTrial(trial.state === 'TRIAL_STATE_FAILED' ? 'SEARCH_EVENT_KIND_TRIAL_FAILED' : 'SEARCH_EVENT_KIND_TRIAL_COMPLETED', trial);
    this.observe(trial);
  }

  private observe(trial: TrialRecord): void {
    if (this.told.has(trial.id) || trial.state === 'TRIAL_STATE_KILLED') return;
    this.untold.add(trial);
  }

  /** Tells the strategy what finished (batched), then tops up trials or ends the search. */
  private async afterChange(): Promise<void> {
    for (;;) {
      await this.tellStrategy();
      if (!this.isRunning()) return;
      const done = completion(this.search.spec, this.book.counts);
      if (done.done) {
        await this.finish(done);
        return;
      }
      // A new trial that reused a finished one is finished already: decide again.
      if (!(await this.fill())) return;
    }
  }

  private async tellStrategy(): Promise<void> {
    if (this.untold.size === 0 || !this.strategy) return;
    const batch = [...this.untold];
    await this.strategy.tell(batch.map((t) => ({ trialId: t.id, decisions: t.sampledDecisions, logProbs: t.logProbs, reward: t.reward })));
    this.untold.clear();
    this.strategyDirty = true;
    for (const t of batch) this.told.add(t.id);
  }

  private async finish(done: Extract<Completion, { done: true }>): Promise<void> {
    if (done.state === 'SEARCH_STATE_FAILED') await this.killActive(done.message);
    this.search.state = done.state;
    this.search.message = done.message;
    this.search.completedAtMs = this.deps.now();
    this.searchDirty = true;
    this.emit('SEARCH_EVENT_KIND_SEARCH_COMPLETED', { message: done.message });
    this.outcomeToPublish = true;
  }

  private async killActive(reason: string): Promise<void> {
    // Purged in the commit, after any job an earlier step published.
    this.purgeJobs = true;
    for (const trial of this.book.active().sort((a, b) => a.index - b.index)) {
      if (!trial.reusedFrom) sendTrialControl(this.deps.bus, this.id, trial.id, { action: 'kill', reason });
      this.book.setState(trial, 'TRIAL_STATE_KILLED');
      trial.reason = reason;
      trial.completedAtMs = this.deps.now();
      this.dirty.add(trial);
      this.progress.delete(trial.id);
      this.emitTrial('SEARCH_EVENT_KIND_TRIAL_KILLED', trial);
    }
  }

  private emitTrial(kind: SearchEventKind__Output, trial: TrialRecord, message = ''): void {
    this.emit(kind, { trial: toTrialMessage(trial, this.progressOf(trial.id)), message });
  }

  private emit(kind: SearchEventKind__Output, extra: Partial<Pick<SearchEvent__Output, 'trial' | 'progress' | 'message'>>): void {
    this.search.eventSeq++;
    this.outbox.push({
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
