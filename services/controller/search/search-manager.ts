import { randomBytes } from 'node:crypto';
import type { Bus, BusMessage, PullConsumer } from '../../common/bus/bus.js';
import { decodeJson } from '../../common/bus/bus.js';
import { eventFilter, eventsStreamSpec, EVENTS_STREAM, TRAINERS_CONSUMER, TRIALS_STREAM, trialsStreamSpec } from '../../common/bus/subjects.js';
import { InvalidArgumentError, NotFoundError } from '../../common/errors/errors.js';
import type { SearchEvent__Output } from '../../common/generated/facenas/v1/SearchEvent.js';
import type { SearchSpec__Output } from '../../common/generated/facenas/v1/SearchSpec.js';
import type { SearchState__Output } from '../../common/generated/facenas/v1/SearchState.js';
import type { TrialJob__Output } from '../../common/generated/facenas/v1/TrialJob.js';
import type { TrialReport__Output } from '../../common/generated/facenas/v1/TrialReport.js';
import type { Logger } from '../../common/logging/logger.js';
import type { SearchEventListener } from '../events/event-hub.js';
import { EventHub } from '../events/event-hub.js';
import { resolveSearchSpec, type SpecLimits } from '../spec/search-spec.js';
import type { SearchStore } from '../store/search-store.js';
import type { SearchRecord } from './records.js';
import { SearchRunner, type SearchDeps } from './search-runner.js';
import { CountingSemaphore } from './counting-semaphore.js';
import { readTrialReport } from './trial-report-input.js';

/** The controller's durable consumer of trial reports on the events stream. */
export const CONTROLLER_CONSUMER = 'controller';

/**
 * Reports read and not yet applied and acked. A search applies the reports that queue
 * up while it commits in one step, so many in flight let a busy search batch; a report
 * whose application fails is nak'ed and comes back after later ones, which the runner
 * tolerates (a late RUNNING after the result is ignored).
 */
const REPORTS_IN_FLIGHT = 512;
const REPORT_ACK_WAIT_MS = 5_000;
/** Pulls kept outstanding (each asks for one message), so reading is not one round trip per report. */
const REPORT_READERS = 16;

const TRIAL_REPORT_SUBJECT = /\.trial\.[a-z]+$/;

export interface SearchManagerOptions extends Omit<SearchDeps, 'hub' | 'store' | 'now'> {
  store: SearchStore;
  limits: SpecLimits;
  /** How often to look for trial jobs that ended in the dead-letter record. */
  deadLetterPollMs?: number;
  now?: () => number;
}

/**
 * All searches of one controller: creates and restores their runners, feeds them the
 * trainers' reports from the durable events stream (acked only once applied and
 * stored, so a crash re-reads them), and fails trials whose job died for good.
 */
export class SearchManager {
  private readonly runners = new Map<string, SearchRunner>();
  readonly hub = new EventHub();
  private readonly deps: SearchDeps;
  private consumer: PullConsumer | null = null;
  private consuming: Promise<void>[] = [];
  private deadLetterTimer: NodeJS.Timeout | null = null;
  private checkingDeadLetters: Promise<void> | null = null;
  private readonly deadLettersSeen = new Set<number>();
  private closed = false;

  private constructor(
    private readonly options: SearchManagerOptions,
    private readonly logger: Logger,
  ) {
    this.deps = { ...options, hub: this.hub, now: options.now ?? Date.now };
  }

  /** Restores every stored search (running ones continue), then starts reading reports. */
  static async start(options: SearchManagerOptions): Promise<SearchManager> {
    const manager = new SearchManager(options, options.logger);
    const bus: Bus = options.bus;
    await bus.ensureStream(trialsStreamSpec());
    await bus.ensureStream(eventsStreamSpec());
    for (const { search, trials } of await options.store.loadAll()) {
      manager.runners.set(search.id, await SearchRunner.restore(search, trials, manager.deps));
    }
    const running = manager.list('SEARCH_STATE_RUNNING').length;
    if (manager.runners.size > 0) options.logger.info({ searches: manager.runners.size, running }, 'searches restored');
    manager.consumer = await bus.consumer({
      stream: EVENTS_STREAM,
      durable: CONTROLLER_CONSUMER,
      filterSubject: eventFilter(),
      // Applying a report takes milliseconds; a report a dead controller held (its pull
      // was still open when it was killed) comes back this soon.
      ackWaitMs: REPORT_ACK_WAIT_MS,
      // A report is never given up on: a trial whose result is dropped would never finish.
      maxDeliver: 10_000,
      maxAckPending: REPORTS_IN_FLIGHT,
    });
    const consumer = manager.consumer;
    const slots = new CountingSemaphore(REPORTS_IN_FLIGHT);
    manager.consuming = Array.from({ length: REPORT_READERS }, () => manager.consumeReports(consumer, slots));
    const pollMs = options.deadLetterPollMs ?? 10_000;
    manager.deadLetterTimer = setInterval(() => {
      manager.checkingDeadLetters ??= manager.checkDeadLetters().finally(() => (manager.checkingDeadLetters = null));
    }, pollMs);
    manager.deadLetterTimer.unref();
    return manager;
  }

  async startSearch(input: SearchSpec__Output | null): Promise<SearchRunner> {
    const strategies = this.options.strategies;
    const spec = resolveSearchSpec(input, this.options.limits, (algorithm) => strategies.validate(algorithm));
    const now = this.deps.now();
    const search: SearchRecord = {
      id: newSearchId(spec.name),
      spec,
      state: 'SEARCH_STATE_CREATED',
      message: '',
      createdAtMs: now,
      startedAtMs: 0,
      completedAtMs: 0,
      nextIndex: 0,
      eventSeq: 0,
    };
    const runner = await SearchRunner.create(search, this.deps);
    this.runners.set(search.id, runner);
    await runner.start();
    this.logger.info({ searchId: search.id, strategy: spec.algorithm.name, maxTrials: spec.maxTrials, parallelTrials: spec.parallelTrials }, 'search started');
    return runner;
  }

  get(searchId: string): SearchRunner {
    const runner = this.runners.get(searchId);
    if (!runner) throw new NotFoundError('search', searchId);
    return runner;
  }

  list(state: SearchState__Output = 'SEARCH_STATE_UNSPECIFIED'): SearchRunner[] {
    return [...this.runners.values()].filter((r) => state === 'SEARCH_STATE_UNSPECIFIED' || r.search.state === state);
  }

  /** Runs a finished search again; `maxTrials` (0 = keep) is checked against the operator's limit. */
  async resume(searchId: string, maxTrials: number): Promise<SearchRunner> {
    const runner = this.get(searchId);
    if (!Number.isInteger(maxTrials) || maxTrials < 0 || maxTrials > this.options.limits.maxTrials) {
      throw new InvalidArgumentError('max_trials', `must be an integer in [0, ${this.options.limits.maxTrials}] (0 keeps the current value), got ${maxTrials}`);
    }
    await runner.resume(maxTrials);
    return runner;
  }

  /**
   * Subscribes to a search's events. With `withSnapshot` the listener first gets the
   * current state, then only the events after it (by sequence number), so nothing is
   * missed or told twice. Returns the unsubscribe.
   */
  watch(searchId: string, listener: SearchEventListener, withSnapshot = true): () => void {
    const runner = this.get(searchId);
    if (!withSnapshot) return this.hub.subscribe(searchId, listener);
    const snapshot = runner.snapshot();
    const unsubscribe = this.hub.subscribe(searchId, (event: SearchEvent__Output) => {
      if (event.seq > snapshot.seq) listener(event);
    });
    listener(snapshot);
    return unsubscribe;
  }

  /** Trial jobs waiting for or held by trainers across running searches (the queue-lag gauge). */
  trialJobsOut(): number {
    let n = 0;
    for (const r of this.runners.values()) if (r.isRunning()) n += r.trialJobsOut();
    return n;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.deadLetterTimer) clearInterval(this.deadLetterTimer);
    await this.consumer?.close();
    await Promise.all(this.consuming);
    await this.checkingDeadLetters;
    await Promise.all([...this.runners.values()].map((r) => r.idle()));
    for (const r of this.runners.values()) r.close();
    this.options.latency.close();
  }

  /**
   * One of REPORT_READERS readers. Each hands a message to its runner as soon as it
   * arrives (the runner queues it synchronously, so reports apply in stream order) and
   * reads on while it is applied.
   */
  private async consumeReports(consumer: PullConsumer, slots: CountingSemaphore): Promise<void> {
    const handling = new Set<Promise<void>>();
    while (!this.closed) {
      await slots.acquire();
      let message: BusMessage | null = null;
      try {
        message = await consumer.next(5_000);
      } catch (err) {
        if (!this.closed) {
          this.logger.warn({ err }, 'reading trial reports failed; retrying');
          await new Promise((r) => setTimeout(r, 1_000));
        }
      }
      if (!message) {
        slots.release();
        continue;
      }
      const handled = this.handleReport(message).finally(() => {
        slots.release();
        handling.delete(handled);
      });
      handling.add(handled);
    }
    await Promise.all(handling);
  }

  private async handleReport(message: BusMessage): Promise<void> {
    // Search-level events share the stream; they are for other readers.
    if (!TRIAL_REPORT_SUBJECT.test(message.subject)) {
      await this.ackQuietly(message);
      return;
    }
    let report: TrialReport__Output;
    try {
      report = readTrialReport(message.json<unknown>());
    } catch (err) {
      this.logger.error({ subject: message.subject, err }, 'unreadable trial report dropped');
      message.term('unreadable');
      return;
    }
    const runner = this.runners.get(report.searchId);
    if (!runner) {
      this.logger.warn({ searchId: report.searchId, trialId: report.trialId }, 'report for an unknown search dropped');
      await this.ackQuietly(message);
      return;
    }
    try {
      await runner.applyReport(report);
    } catch (err) {
      this.logger.error({ err, searchId: report.searchId, trialId: report.trialId }, 'applying a trial report failed; it will come back');
      message.nak(2_000);
      return;
    }
    await this.ackQuietly(message);
  }

  /** A lost ack only means the report comes back, and applying it again changes nothing. */
  private async ackQuietly(message: BusMessage): Promise<void> {
    try {
      await message.ack();
    } catch (err) {
      if (!this.closed) this.logger.warn({ err, subject: message.subject }, 'ack of a trial report failed; it will be read again');
    }
  }

  private async checkDeadLetters(): Promise<void> {
    try {
      for (const letter of await this.options.bus.deadLetters(TRIALS_STREAM, TRAINERS_CONSUMER)) {
        if (this.deadLettersSeen.has(letter.seq)) continue;
        this.deadLettersSeen.add(letter.seq);
        let job: TrialJob__Output;
        try {
          job = decodeJson<TrialJob__Output>(letter.data);
        } catch {
          this.logger.warn({ seq: letter.seq }, 'unreadable dead letter skipped');
          continue;
        }
        await this.runners.get(job.searchId)?.failDeadJob(job.trialId, letter.deliveries);
      }
    } catch (err) {
      if (!this.closed) this.logger.warn({ err }, 'reading dead letters failed');
    }
  }
}

function newSearchId(name: string): string {
  const suffix = randomBytes(4).toString('hex');
  return name ? `${name.slice(0, 60)}-${suffix}` : `search-${suffix}`;
}
