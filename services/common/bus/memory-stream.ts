import { FailedPreconditionError } from '../errors/errors.js';
import { decodeJson, type BusMessage, type ConsumerSpec, type DeadLetter, type PublishAck, type PullConsumer, type StreamSpec } from './bus.js';
import { DEFAULT_DUPLICATE_WINDOW_MS, DEFAULT_MAX_ACK_PENDING, DEFAULT_NEXT_EXPIRES_MS } from './bus-defaults.js';
import { subjectMatches, subjectsOverlap } from './subject-pattern.js';

// A JetStream stream and its durable pull consumers, in memory. The rules follow
// nats-server 2.9 as measured (FACTS.md and nats-bus.ts): a work queue drops a
// message once acked or termed; a message unacked after ack_wait (or nak'd) is
// redelivered, lowest sequence first, until it has been delivered maxDeliver
// times, then it becomes a dead letter; maxAckPending bounds first deliveries,
// not redeliveries; a repeated message id inside the duplicate window is dropped.
// Unlike NATS (which notices an exhausted message only when a worker next pulls)
// the dead letter is recorded as soon as its last ack_wait or nak delay ends.


interface StoredMessage {
  seq: number;
  subject: string;
  data: Uint8Array;
  msgId?: string;
  timeMs: number;
}

interface PendingDelivery {
  deliveryCount: number;
  /** Identifies the delivery a worker holds, so nak/term/working of an older delivery are ignored. */
  deliveryId: number;
  timer: NodeJS.Timeout | null;
  /** Waiting for redelivery (its ack_wait or nak delay is over). */
  ready: boolean;
}

interface Waiter {
  handle: MemoryPullConsumer;
  resolve(message: BusMessage | null): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
}

/** What a stream persists (message data base64). */
export interface StreamSnapshot {
  spec: StreamSpec;
  lastSeq: number;
  messages: Array<{ seq: number; subject: string; data: string; msgId?: string; timeMs: number }>;
  dedup: Array<[msgId: string, seq: number, timeMs: number]>;
  consumers: Array<{ spec: ConsumerSpec; cursor: number; pending: Array<[seq: number, deliveryCount: number]> }>;
  deadLetters: Array<Omit<DeadLetter, 'data'> & { data: string }>;
}

function closedError(durable: string): FailedPreconditionError {
  return new FailedPreconditionError(`consumer ${durable} is closed`);
}

function unrefTimer(fn: () => void, ms: number): NodeJS.Timeout {
  const timer = setTimeout(fn, ms);
  timer.unref();
  return timer;
}

export class MemoryStream {
  /** In sequence order (Map keeps insertion order and sequences only grow). */
  readonly messages = new Map<number, StoredMessage>();
  readonly consumers = new Map<string, MemoryConsumer>();
  private readonly deadLetters: DeadLetter[] = [];
  private readonly dedup = new Map<string, { seq: number; timeMs: number }>();
  private lastSeq = 0;

  constructor(
    public spec: StreamSpec,
    /** Resolves once the stream's state is durable (at once without a data folder). */
    readonly persist: () => Promise<void>,
  ) {}

  static restore(snapshot: StreamSnapshot, persist: () => Promise<void>): MemoryStream {
    const stream = new MemoryStream(snapshot.spec, persist);
    stream.lastSeq = snapshot.lastSeq;
    for (const m of snapshot.messages) stream.messages.set(m.seq, { ...m, data: Buffer.from(m.data, 'base64') });
    for (const [msgId, seq, timeMs] of snapshot.dedup) stream.dedup.set(msgId, { seq, timeMs });
    for (const d of snapshot.deadLetters) stream.deadLetters.push({ ...d, data: Buffer.from(d.data, 'base64') });
    for (const c of snapshot.consumers) {
      const consumer = new MemoryConsumer(stream, c.spec);
      stream.consumers.set(c.spec.durable, consumer);
      consumer.restore(c.cursor, c.pending);
    }
    return stream;
  }

  snapshot(): StreamSnapshot {
    return {
      spec: this.spec,
      lastSeq: this.lastSeq,
      messages: [...this.messages.values()].map((m) => ({ ...m, data: Buffer.from(m.data).toString('base64') })),
      dedup: [...this.dedup].map(([msgId, d]) => [msgId, d.seq, d.timeMs]),
      consumers: [...this.consumers.values()].map((c) => c.snapshot()),
      deadLetters: this.deadLetters.map((d) => ({ ...d, data: Buffer.from(d.data).toString('base64') })),
    };
  }

  owns(subject: string): boolean {
    return this.spec.subjects.some((pattern) => subjectMatches(pattern, subject));
  }

  overlaps(subjects: readonly string[]): boolean {
    return this.spec.subjects.some((mine) => subjects.some((theirs) => subjectsOverlap(mine, theirs)));
  }

  updateSpec(spec: StreamSpec): void {
    if (spec.retention !== this.spec.retention) {
      throw new FailedPreconditionError(`stream ${spec.name}: retention cannot change from ${this.spec.retention} to ${spec.retention}`);
    }
    this.spec = spec;
    this.applyLimits();
  }

  publish(subject: string, data: Uint8Array, msgId: string | undefined): PublishAck {
    const now = Date.now();
    this.pruneDedup(now);
    const original = msgId === undefined ? undefined : this.dedup.get(msgId);
    if (original) return { stream: this.spec.name, seq: original.seq, duplicate: true };
    this.lastSeq += 1;
    const seq = this.lastSeq;
    this.messages.set(seq, { seq, subject, data: data.slice(), msgId, timeMs: now });
    if (msgId !== undefined) this.dedup.set(msgId, { seq, timeMs: now });
    this.applyLimits();
    for (const consumer of this.consumers.values()) consumer.dispatch();
    return { stream: this.spec.name, seq, duplicate: false };
  }

  purge(pattern: string): number {
    let purged = 0;
    for (const message of [...this.messages.values()]) {
      if (subjectMatches(pattern, message.subject)) {
        this.removeMessage(message.seq);
        purged += 1;
      }
    }
    return purged;
  }

  removeMessage(seq: number): void {
    if (!this.messages.delete(seq)) return;
    for (const consumer of this.consumers.values()) consumer.forget(seq);
  }

  recordDeadLetter(consumer: string, seq: number, deliveries: number): void {
    const message = this.messages.get(seq);
    if (!message) return;
    this.deadLetters.push({ stream: this.spec.name, consumer, seq, subject: message.subject, data: message.data.slice(), deliveries, timeMs: Date.now() });
    // A work queue would otherwise keep the exhausted message forever; the record keeps its data.
    if (this.spec.retention === 'workqueue') this.removeMessage(seq);
  }

  deadLettersOf(consumer: string): DeadLetter[] {
    return this.deadLetters.filter((d) => d.consumer === consumer).map((d) => ({ ...d, data: d.data.slice() }));
  }

  /** Drops messages past maxAgeMs / maxMsgs (oldest first), as a limits stream with discard=old does. */
  applyLimits(): void {
    const { maxAgeMs, maxMsgs } = this.spec;
    if (maxAgeMs !== undefined) {
      const oldest = Date.now() - maxAgeMs;
      for (const message of [...this.messages.values()]) {
        if (message.timeMs >= oldest) break;
        this.removeMessage(message.seq);
      }
    }
    if (maxMsgs !== undefined && this.messages.size > maxMsgs) {
      for (const seq of [...this.messages.keys()].slice(0, this.messages.size - maxMsgs)) this.removeMessage(seq);
    }
  }

  /** Rejects a new consumer that would share subjects with another one on a work queue (NATS refuses it too). */
  checkWorkQueueFilter(spec: ConsumerSpec): void {
    if (this.spec.retention !== 'workqueue') return;
    const mine = spec.filterSubject ?? '>';
    for (const other of this.consumers.values()) {
      if (other.spec.durable === spec.durable) continue;
      if (subjectsOverlap(mine, other.spec.filterSubject ?? '>')) {
        throw new FailedPreconditionError(`stream ${this.spec.name} is a work queue: consumer ${spec.durable} would share subjects with consumer ${other.spec.durable}`);
      }
    }
  }

  stop(): void {
    for (const consumer of this.consumers.values()) consumer.stop();
  }

  private pruneDedup(now: number): void {
    const window = this.spec.duplicateWindowMs ?? DEFAULT_DUPLICATE_WINDOW_MS;
    for (const [msgId, entry] of this.dedup) {
      if (now - entry.timeMs < window) break;
      this.dedup.delete(msgId);
    }
  }
}

export class MemoryConsumer {
  /** Highest stream sequence delivered for the first time; later matching messages are undelivered. */
  private cursor = 0;
  private readonly pending = new Map<number, PendingDelivery>();
  private waiters: Waiter[] = [];
  private nextDeliveryId = 1;
  private stopped = false;

  constructor(
    private readonly stream: MemoryStream,
    public spec: ConsumerSpec,
  ) {}

  restore(cursor: number, pending: Array<[seq: number, deliveryCount: number]>): void {
    this.cursor = cursor;
    // The process that held these deliveries is gone: they are redeliverable at once.
    for (const [seq, deliveryCount] of pending) {
      if (!this.stream.messages.has(seq)) continue;
      if (deliveryCount >= this.spec.maxDeliver) this.stream.recordDeadLetter(this.spec.durable, seq, deliveryCount);
      else this.pending.set(seq, { deliveryCount, deliveryId: 0, timer: null, ready: true });
    }
  }

  snapshot(): StreamSnapshot['consumers'][number] {
    return { spec: this.spec, cursor: this.cursor, pending: [...this.pending].map(([seq, p]) => [seq, p.deliveryCount]) };
  }

  updateSpec(spec: ConsumerSpec): void {
    if ((spec.filterSubject ?? '') !== (this.spec.filterSubject ?? '')) {
      throw new FailedPreconditionError(`consumer ${spec.durable}: filter subject cannot change (${this.spec.filterSubject ?? '(none)'} -> ${spec.filterSubject ?? '(none)'})`);
    }
    // Without maxAckPending the caller (say, a process only reading pending()) keeps the workers' setting.
    this.spec = { ...spec, maxAckPending: spec.maxAckPending ?? this.spec.maxAckPending };
    this.dispatch();
  }

  handle(): MemoryPullConsumer {
    return new MemoryPullConsumer(this);
  }

  wait(handle: MemoryPullConsumer, expiresMs: number, resolve: Waiter['resolve'], reject: Waiter['reject']): void {
    if (this.stopped) {
      reject(closedError(this.spec.durable));
      return;
    }
    const waiter: Waiter = {
      handle,
      resolve,
      reject,
      timer: unrefTimer(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve(null);
      }, expiresMs),
    };
    this.waiters.push(waiter);
    this.stream.applyLimits();
    this.dispatch();
  }

  /** Rejects the pending next() calls of one handle (or of all, on stop). */
  rejectWaiters(handle: MemoryPullConsumer | null): void {
    const rejected = this.waiters.filter((w) => handle === null || w.handle === handle);
    this.waiters = this.waiters.filter((w) => !rejected.includes(w));
    for (const waiter of rejected) {
      clearTimeout(waiter.timer);
      waiter.reject(closedError(this.spec.durable));
    }
  }

  dispatch(): void {
    while (this.waiters.length > 0 && !this.stopped) {
      const seq = this.nextSeq();
      if (seq === null) return;
      const waiter = this.waiters.shift() as Waiter;
      clearTimeout(waiter.timer);
      const message = this.deliver(seq);
      // The delivery count is on disk before the worker sees the job, so a poison job that
      // crashes the whole embedded process still reaches maxDeliver across restarts.
      void this.stream.persist().then(
        () => waiter.resolve(message),
        () => waiter.resolve(message),
      );
    }
  }

  counts(): { pending: number; ackPending: number } {
    let undelivered = 0;
    for (const message of this.stream.messages.values()) {
      if (message.seq > this.cursor && this.wants(message.subject)) undelivered += 1;
    }
    return { pending: undelivered, ackPending: this.pending.size };
  }

  async ack(seq: number): Promise<void> {
    if (this.stopped) throw closedError(this.spec.durable);
    const entry = this.pending.get(seq);
    if (!entry) return;
    this.settle(seq, entry);
    await this.stream.persist();
  }

  nak(seq: number, deliveryId: number, delayMs: number): void {
    const entry = this.current(seq, deliveryId);
    if (!entry) return;
    if (entry.timer) clearTimeout(entry.timer);
    if (delayMs > 0) entry.timer = unrefTimer(() => this.expire(seq, deliveryId), delayMs);
    else this.expire(seq, deliveryId);
  }

  term(seq: number, deliveryId: number): void {
    const entry = this.current(seq, deliveryId);
    if (!entry) return;
    this.settle(seq, entry);
    void this.stream.persist().catch(() => undefined);
  }

  working(seq: number, deliveryId: number): void {
    const entry = this.current(seq, deliveryId);
    if (!entry) return;
    if (entry.timer) clearTimeout(entry.timer);
    entry.timer = unrefTimer(() => this.expire(seq, deliveryId), this.spec.ackWaitMs);
  }

  /** The message left the stream (purge, limits, another path): nothing to deliver or wait for. */
  forget(seq: number): void {
    const entry = this.pending.get(seq);
    if (!entry) return;
    if (entry.timer) clearTimeout(entry.timer);
    this.pending.delete(seq);
  }

  stop(): void {
    this.stopped = true;
    for (const entry of this.pending.values()) {
      if (entry.timer) clearTimeout(entry.timer);
      entry.timer = null;
    }
    this.rejectWaiters(null);
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  private wants(subject: string): boolean {
    return this.spec.filterSubject === undefined || subjectMatches(this.spec.filterSubject, subject);
  }

  private nextSeq(): number | null {
    let redeliver: number | null = null;
    for (const [seq, entry] of this.pending) {
      if (entry.ready && (redeliver === null || seq < redeliver)) redeliver = seq;
    }
    if (redeliver !== null) return redeliver;
    if (this.pending.size >= (this.spec.maxAckPending ?? DEFAULT_MAX_ACK_PENDING)) return null;
    for (const message of this.stream.messages.values()) {
      if (message.seq > this.cursor && this.wants(message.subject)) return message.seq;
    }
    return null;
  }

  private deliver(seq: number): BusMessage {
    const stored = this.stream.messages.get(seq) as StoredMessage;
    const entry = this.pending.get(seq) ?? { deliveryCount: 0, deliveryId: 0, timer: null, ready: false };
    entry.deliveryCount += 1;
    entry.deliveryId = this.nextDeliveryId;
    this.nextDeliveryId += 1;
    entry.ready = false;
    const deliveryId = entry.deliveryId;
    entry.timer = unrefTimer(() => this.expire(seq, deliveryId), this.spec.ackWaitMs);
    this.pending.set(seq, entry);
    if (seq > this.cursor) this.cursor = seq;
    const data = stored.data.slice();
    return {
      subject: stored.subject,
      data,
      msgId: stored.msgId,
      seq,
      deliveryCount: entry.deliveryCount,
      ack: () => this.ack(seq),
      nak: (delayMs = 0) => this.nak(seq, deliveryId, delayMs),
      term: () => this.term(seq, deliveryId),
      working: () => this.working(seq, deliveryId),
      json: <T>() => decodeJson<T>(data),
    };
  }

  /** The held delivery `deliveryId` of `seq`, or undefined when it was acked, redelivered or timed out. */
  private current(seq: number, deliveryId: number): PendingDelivery | undefined {
    const entry = this.pending.get(seq);
    return !this.stopped && entry && entry.deliveryId === deliveryId && !entry.ready ? entry : undefined;
  }

  /** ack_wait or a nak delay ran out: redeliver, or record a dead letter after maxDeliver deliveries. */
  private expire(seq: number, deliveryId: number): void {
    const entry = this.current(seq, deliveryId);
    if (!entry) return;
    entry.timer = null;
    if (entry.deliveryCount >= this.spec.maxDeliver) {
      this.pending.delete(seq);
      this.stream.recordDeadLetter(this.spec.durable, seq, entry.deliveryCount);
      void this.stream.persist().catch(() => undefined);
    } else {
      entry.ready = true;
    }
    this.dispatch();
  }

  /** Acked or termed: done for this consumer; a work queue drops the message. */
  private settle(seq: number, entry: PendingDelivery): void {
    if (entry.timer) clearTimeout(entry.timer);
    this.pending.delete(seq);
    if (this.stream.spec.retention === 'workqueue') this.stream.removeMessage(seq);
    this.dispatch();
  }
}

/** One worker's handle on a durable consumer; several handles share the consumer's messages. */
export class MemoryPullConsumer implements PullConsumer {
  private closed = false;

  constructor(private readonly consumer: MemoryConsumer) {}

  next(expiresMs = DEFAULT_NEXT_EXPIRES_MS): Promise<BusMessage | null> {
    if (this.closed || this.consumer.isStopped) return Promise.reject(closedError(this.consumer.spec.durable));
    return new Promise((resolve, reject) => this.consumer.wait(this, expiresMs, resolve, reject));
  }

  async pending(): Promise<{ pending: number; ackPending: number }> {
    return this.consumer.counts();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.consumer.rejectWaiters(this);
  }
}
