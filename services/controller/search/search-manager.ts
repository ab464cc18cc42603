import { randomBytes } from 'node:crypto';
import type { Bus, PullConsumer } from '../../common/bus/bus.js';
import { decodeJson } from '../../common/bus/bus.js';
import { eventFilter, eventsStreamSpec, EVENTS_STREAM, TRAINERS_CONSUMER, TRIALS_STREAM, trialsStreamSpec } from '../../common/bus/subjects.js';
import { NotFoundError } from '../../common/errors/errors.js';
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

export const CONTROLLER_CONSUMER = 'controller';

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
  private consuming: Promise<void> | null = null;
  private deadLetterTimer: NodeJS.Timeout | null = null;
  private readonly deadLettersSeen = new Set<number>();
  private closed = false;

  private constructor(
    private readonly options: SearchManagerOptions,
    private readonly logger: Logger,
  ) {
    this.deps = { ...options, hub: this.hub, now: options.now ?? Date.now };
  }

  static async start(options: SearchManagerOptions): Promise<SearchManager> {
    const manager = new SearchManager(options, options.logger);
    const bus: Bus = options.bus;
    await bus.ensureStream(trialsStreamSpec());
    await bus.ensureStream(eventsStreamSpec());
    for (const { search, trials } of await options.store.loadAll()) {
      manager.runners.set(search.id, await SearchRunner.restore(search, trials, manager.deps));
    }
    const restored = [...manager.runners.values()].filter((r) => r.isRunning()).length;
    if (manager.runners.size > 0) options.logger.info({ searches: manager.runners.size, running: restored }, 'searches restored');
    manager.consumer = await bus.consumer({
      stream: EVENTS_STREAM,
      durable: CONTROLLER_CONSUMER,
      filterSubject: eventFilter(),
      ackWaitMs: 30_000,
      maxDeliver: 20,
      maxAckPending: 1,
    });
    manager.consuming = manager.consumeReports();
    const pollMs = options.deadLetterPollMs ?? 10_000;
    manager.deadLetterTimer = setInterval(() => void manager.checkDeadLetters(), pollMs);
    manager.deadLetterTimer.unref();
    return manager;
  }

  async startSearch(input: SearchSpec__Output | null): Promise<SearchRunner> {
    const spec = resolveSearchSpec(input, this.options.limits);
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
    this.logger.info({ searchId: search.id, strategy: spec.algorithm.name, maxTrials: spec.maxTrials }, 'search started');
    return runner;
  }

  get(searchId: string): SearchRunner {
    const runner = this.runners.get(searchId);
    if (!runner) throw new NotFoundError('search', searchId);
    return runner;
  }

  list(state: SearchState__Output | 'SEARCH_STATE_UNSPECIFIED' = 'SEARCH_STATE_UNSPECIFIED'): SearchRunner[] {
    return [...this.runners.values()].filter((r) => state === 'SEARCH_STATE_UNSPECIFIED' || r.search.state === state);
  }

  /** Subscribes to a search's events; the listener first gets a snapshot. Returns the unsubscribe. */
  watch(searchId: string, listener: SearchEventListener, withSnapshot = true): () => void {
    const runner = this.get(searchId);
    const unsubscribe = this.hub.subscribe(searchId, listener);
    if (withSnapshot) listener(runner.snapshot());
    return unsubscribe;
  }

  /** The trainers' backlog (for the queue-lag metric). */
  async queuePending(): Promise<number | null> {
    try {
      const consumer = await this.options.bus.consumer({ stream: TRIALS_STREAM, durable: TRAINERS_CONSUMER, ackWaitMs: 60_000, maxDeliver: 3 });
      const { pending, ackPending } = await consumer.pending();
      await consumer.close();
      return pending + ackPending;
    } catch {
      return null;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.deadLetterTimer) clearInterval(this.deadLetterTimer);
    await this.consumer?.close();
    await this.consuming?.catch(() => undefined);
    await Promise.all([...this.runners.values()].map((r) => r.idle()));
    for (const r of this.runners.values()) r.close();
    this.options.latency.close();
  }

  private async consumeReports(): Promise<void> {
    const consumer = this.consumer;
    if (!consumer) return;
    while (!this.closed) {
      let message;
      try {
        message = await consumer.next(5_000);
      } catch (err) {
        if (this.closed) return;
        this.logger.warn({ err }, 'reading trial reports failed; retrying');
        await new Promise((r) => setTimeout(r, 1_000));
        continue;
      }
      if (!message) continue;
      // Only trial reports; search-level events on the same stream are for others.
      if (!/\.trial\.[a-z]+$/.test(message.subject)) {
        await message.ack();
        continue;
      }
      let report: TrialReport__Output;
      try {
        report = message.json<TrialReport__Output>();
      } catch {
        this.logger.error({ subject: message.subject }, 'unreadable trial report dropped');
        message.term('unreadable');
        continue;
      }
      const runner = this.runners.get(report.searchId);
      if (!runner) {
        this.logger.warn({ searchId: report.searchId }, 'report for an unknown search dropped');
        await message.ack();
        continue;
      }
      try {
        await runner.applyReport(report);
        await message.ack();
      } catch (err) {
        this.logger.error({ err, searchId: report.searchId, trialId: report.trialId }, 'applying a trial report failed; it will come back');
        message.nak(2_000);
      }
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
