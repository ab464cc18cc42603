// The event bus every service talks through. Two implementations pass one
// contract suite (bus.contract.ts): NATS JetStream (cluster mode) and in-memory
// (embedded mode), so services never know which one they run on.

/** A stream that stores messages published on its subjects. */
export interface StreamSpec {
  name: string;
  subjects: string[];
  /** `workqueue`: a message is removed once acked (trial jobs). `limits`: kept until maxAge/maxMsgs (results, events). */
  retention: 'workqueue' | 'limits';
  /** Window in which a repeated message id is dropped as a duplicate. */
  duplicateWindowMs?: number;
  maxAgeMs?: number;
  maxMsgs?: number;
}

/** A durable pull consumer on a stream. */
export interface ConsumerSpec {
  stream: string;
  durable: string;
  /** Only messages on subjects matching this (NATS wildcards `*`, `>`). */
  filterSubject?: string;
  ackWaitMs: number;
  maxDeliver: number;
  /** Messages handed out and not yet acked, across all workers of this consumer. Omitted: keep the consumer's current value (1000 for a new one). */
  maxAckPending?: number;
}

export interface PublishAck {
  stream: string;
  seq: number;
  /** True when a message with the same id was already stored inside the duplicate window. */
  duplicate: boolean;
}

export interface BusMessage {
  subject: string;
  data: Uint8Array;
  /** The publisher's message id, when one was given. */
  msgId?: string;
  /** Stream sequence number. */
  seq: number;
  /** 1 on first delivery, 2 on the first redelivery, ... */
  deliveryCount: number;
  /** Done: the message is removed from a work queue and never redelivered. */
  ack(): Promise<void>;
  /** Give it back; redelivered after `delayMs` (0 = at once). */
  nak(delayMs?: number): void;
  /** Never redeliver (poison message). */
  term(reason?: string): void;
  /** Still working: restarts the ack_wait timer. */
  working(): void;
  json<T>(): T;
}

export interface PullConsumer {
  /**
   * Waits up to `expiresMs` for the next message (null when none came).
   * Rejects when the consumer was closed.
   */
  next(expiresMs?: number): Promise<BusMessage | null>;
  /** Messages in the stream that this consumer has not yet delivered plus those delivered and not acked. */
  pending(): Promise<{ pending: number; ackPending: number }>;
  close(): Promise<void>;
}

/** A record of a message that exhausted maxDeliver. */
export interface DeadLetter {
  stream: string;
  consumer: string;
  seq: number;
  subject: string;
  data: Uint8Array;
  deliveries: number;
  timeMs: number;
}

export interface KvEntry {
  key: string;
  value: Uint8Array;
  revision: number;
}

export interface KvStore {
  get(key: string): Promise<KvEntry | null>;
  /** Unconditional write; returns the new revision. */
  put(key: string, value: Uint8Array): Promise<number>;
  /** Write only if the key does not exist (rejects with KvConflictError otherwise). */
  create(key: string, value: Uint8Array): Promise<number>;
  /** Compare-and-set: write only if the key's current revision is `revision` (rejects with KvConflictError otherwise). */
  update(key: string, value: Uint8Array, revision: number): Promise<number>;
  delete(key: string): Promise<void>;
  /** Keys, optionally those starting with `prefix`. */
  keys(prefix?: string): Promise<string[]>;
}

export class KvConflictError extends Error {
  constructor(
    readonly key: string,
    message: string,
  ) {
    super(message);
    this.name = 'KvConflictError';
  }
}

export interface ObjectStore {
  put(name: string, data: Uint8Array): Promise<void>;
  /** null when absent. */
  get(name: string): Promise<Uint8Array | null>;
  list(prefix?: string): Promise<string[]>;
  delete(name: string): Promise<void>;
}

export interface Subscription {
  unsubscribe(): void;
}

export interface Bus {
  /** Creates the stream, or updates it to `spec` when it exists. Idempotent. */
  ensureStream(spec: StreamSpec): Promise<void>;
  /** Creates (or reuses) a durable consumer and returns one worker's handle on it. */
  consumer(spec: ConsumerSpec): Promise<PullConsumer>;
  /** Stores a message in the stream owning `subject`. */
  publish(subject: string, data: Uint8Array, opts?: { msgId?: string }): Promise<PublishAck>;
  /** Removes the stored messages on `subject` (wildcards allowed) from `stream`; returns how many. */
  purge(stream: string, subject: string): Promise<number>;
  /** Dead letters recorded for a consumer (messages that reached maxDeliver). */
  deadLetters(stream: string, durable: string): Promise<DeadLetter[]>;
  /** Core pub/sub: fire and forget, not stored (progress events). */
  notify(subject: string, data: Uint8Array): void;
  subscribe(subject: string, handler: (subject: string, data: Uint8Array) => void): Subscription;
  kv(bucket: string): Promise<KvStore>;
  objects(bucket: string): Promise<ObjectStore>;
  /** Resolves when the connection is lost for good or the bus is closed. */
  closed(): Promise<void>;
  close(): Promise<void>;
}

export function encodeJson(value: unknown): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(value));
}

export function decodeJson<T>(data: Uint8Array): T {
  return JSON.parse(new TextDecoder().decode(data)) as T;
}
