/**
 * The in-memory bus: embedded mode's default, every service in one process. It
 * keeps JetStream's semantics (memory-stream.ts) so services behave the same as
 * on NATS, and passes the same contract suite (bus.contract.ts).
 *
 * Conventions (DESIGN.md "Messaging", names in subjects.ts): stream
 * `FACENAS_TRIALS` (work queue, subjects `facenas.trials.>`, one subject per
 * search `facenas.trials.<searchId>`, message id `<searchId>.<trialId>`), durable
 * consumer `trainers`; events on `facenas.events.<searchId>.<kind>` (stored in the
 * limits stream `FACENAS_EVENTS`); KV bucket `facenas_searches`; models in the
 * object store `facenas_models`.
 *
 * With `dataDir`, state survives a restart of the process:
 *   streams/<name>.json  one snapshot per stream: messages, duplicate ids, each
 *                        consumer's cursor and unacked deliveries, dead letters
 *   kv/<bucket>.json     one snapshot per bucket
 *   objects/<bucket>/    one file per object
 * Every snapshot is rewritten atomically after each change (temp file + rename);
 * calls that change state resolve once the change is on disk. Deliveries that were
 * unacked when the process stopped are redelivered at once after the restart
 * (nobody holds them any more), keeping their delivery counts.
 */
import { readdirSync, readFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { FailedPreconditionError, InvalidArgumentError, NotFoundError } from '../errors/errors.js';
import type { Logger } from '../logging/logger.js';
import type { Bus, ConsumerSpec, DeadLetter, KvStore, ObjectStore, PublishAck, PullConsumer, StreamSpec, Subscription } from './bus.js';
import { MemoryKv, type KvSnapshot } from './memory-kv.js';
import { FileObjectStore, MemoryObjectStore } from './memory-objects.js';
import { MemoryConsumer, MemoryStream, type StreamSnapshot } from './memory-stream.js';
import { SnapshotFile } from './snapshot-file.js';
import { checkConsumerSpec, checkName, checkStreamSpec, checkSubject } from './spec-validation.js';
import { subjectMatches } from './subject-pattern.js';

export interface MemoryBusOptions {
  /** Folder where streams, KV and objects persist; omitted: nothing survives close(). */
  dataDir?: string;
  /** Where errors thrown by subscribe() handlers are reported. */
  logger?: Logger;
}

export function createMemoryBus(options: MemoryBusOptions = {}): Bus {
  return new MemoryBus(options);
}

interface LocalSubscription {
  pattern: string;
  handler: (subject: string, data: Uint8Array) => void;
}

function readSnapshots<T>(dir: string): T[] {
  mkdirSync(dir, { recursive: true });
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => {
      const path = join(dir, f);
      try {
        return JSON.parse(readFileSync(path, 'utf8')) as T;
      } catch (err) {
        throw new FailedPreconditionError(`cannot read bus state ${path}: ${(err as Error).message}`);
      }
    });
}

class MemoryBus implements Bus {
  private readonly streams = new Map<string, MemoryStream>();
  private readonly kvs = new Map<string, MemoryKv>();
  private readonly objectStores = new Map<string, ObjectStore>();
  private readonly files = new Map<string, SnapshotFile>();
  private readonly subscriptions = new Set<LocalSubscription>();
  private isClosed = false;
  private readonly closedPromise: Promise<void>;
  private resolveClosed: () => void = () => undefined;

  constructor(private readonly options: MemoryBusOptions) {
    this.closedPromise = new Promise((resolve) => {
      this.resolveClosed = resolve;
    });
    const { dataDir } = options;
    if (dataDir === undefined) return;
    for (const snapshot of readSnapshots<StreamSnapshot>(join(dataDir, 'streams'))) {
      this.streams.set(snapshot.spec.name, MemoryStream.restore(snapshot, this.streamPersister(snapshot.spec.name)));
    }
    for (const snapshot of readSnapshots<KvSnapshot & { bucket: string }>(join(dataDir, 'kv'))) {
      this.kvs.set(snapshot.bucket, new MemoryKv(snapshot.bucket, this.kvPersister(snapshot.bucket), snapshot));
    }
  }

  async ensureStream(spec: StreamSpec): Promise<void> {
    this.checkOpen();
    checkStreamSpec(spec);
    for (const other of this.streams.values()) {
      if (other.spec.name !== spec.name && other.overlaps(spec.subjects)) {
        throw new FailedPreconditionError(`stream ${spec.name}: subjects ${spec.subjects.join(', ')} overlap with stream ${other.spec.name}`);
      }
    }
    const existing = this.streams.get(spec.name);
    const stream = existing ?? new MemoryStream({ ...spec }, this.streamPersister(spec.name));
    if (existing) existing.updateSpec({ ...spec });
    else this.streams.set(spec.name, stream);
    await stream.persist();
  }

  async consumer(spec: ConsumerSpec): Promise<PullConsumer> {
    this.checkOpen();
    checkConsumerSpec(spec);
    const stream = this.streamNamed(spec.stream);
    let consumer = stream.consumers.get(spec.durable);
    if (consumer) {
      consumer.updateSpec({ ...spec });
    } else {
      stream.checkWorkQueueFilter(spec);
      consumer = new MemoryConsumer(stream, { ...spec });
      stream.consumers.set(spec.durable, consumer);
    }
    await stream.persist();
    return consumer.handle();
  }

  async publish(subject: string, data: Uint8Array, opts: { msgId?: string } = {}): Promise<PublishAck> {
    this.checkOpen();
    checkSubject('subject', subject, false);
    if (opts.msgId === '') throw new InvalidArgumentError('msgId', 'must not be empty');
    const stream = [...this.streams.values()].find((s) => s.owns(subject));
    if (!stream) throw new NotFoundError('stream for subject', subject);
    const ack = stream.publish(subject, data, opts.msgId);
    if (!ack.duplicate) await stream.persist();
    return ack;
  }

  async purge(streamName: string, subject: string): Promise<number> {
    this.checkOpen();
    checkSubject('subject', subject, true);
    const stream = this.streamNamed(streamName);
    const purged = stream.purge(subject);
    if (purged > 0) await stream.persist();
    return purged;
  }

  async deadLetters(streamName: string, durable: string): Promise<DeadLetter[]> {
    this.checkOpen();
    checkName('stream', streamName);
    checkName('durable', durable);
    return this.streams.get(streamName)?.deadLettersOf(durable) ?? [];
  }

  notify(subject: string, data: Uint8Array): void {
    this.checkOpen();
    checkSubject('subject', subject, false);
    const copy = data.slice();
    for (const subscription of this.subscriptions) {
      if (!subjectMatches(subscription.pattern, subject)) continue;
      // Delivered later, as NATS does: a handler never runs inside notify().
      setImmediate(() => {
        if (!this.subscriptions.has(subscription)) return;
        try {
          subscription.handler(subject, copy.slice());
        } catch (err) {
          this.options.logger?.error({ err, subject }, 'bus subscription handler failed');
        }
      });
    }
  }

  subscribe(subject: string, handler: (subject: string, data: Uint8Array) => void): Subscription {
    this.checkOpen();
    checkSubject('subject', subject, true);
    const subscription: LocalSubscription = { pattern: subject, handler };
    this.subscriptions.add(subscription);
    return { unsubscribe: () => this.subscriptions.delete(subscription) };
  }

  async kv(bucket: string): Promise<KvStore> {
    this.checkOpen();
    checkName('bucket', bucket);
    let store = this.kvs.get(bucket);
    if (!store) {
      store = new MemoryKv(bucket, this.kvPersister(bucket));
      this.kvs.set(bucket, store);
    }
    return store;
  }

  async objects(bucket: string): Promise<ObjectStore> {
    this.checkOpen();
    checkName('bucket', bucket);
    let store = this.objectStores.get(bucket);
    if (!store) {
      const { dataDir } = this.options;
      store = dataDir === undefined ? new MemoryObjectStore() : new FileObjectStore(join(dataDir, 'objects', bucket));
      this.objectStores.set(bucket, store);
    }
    return store;
  }

  closed(): Promise<void> {
    return this.closedPromise;
  }

  async close(): Promise<void> {
    if (this.isClosed) return this.closedPromise;
    this.isClosed = true;
    for (const stream of this.streams.values()) stream.stop();
    this.subscriptions.clear();
    await Promise.all([...this.files.values()].map((f) => f.flush()));
    this.resolveClosed();
  }

  private checkOpen(): void {
    if (this.isClosed) throw new FailedPreconditionError('the bus is closed');
  }

  private streamNamed(name: string): MemoryStream {
    checkName('stream', name);
    const stream = this.streams.get(name);
    if (!stream) throw new NotFoundError('stream', name);
    return stream;
  }

  private streamPersister(name: string): () => Promise<void> {
    return this.persister(join('streams', `${name}.json`), () => JSON.stringify((this.streams.get(name) as MemoryStream).snapshot()));
  }

  private kvPersister(bucket: string): () => Promise<void> {
    return this.persister(join('kv', `${bucket}.json`), () => JSON.stringify({ bucket, ...(this.kvs.get(bucket) as MemoryKv).snapshot() }));
  }

  private persister(relativePath: string, produce: () => string): () => Promise<void> {
    const { dataDir } = this.options;
    if (dataDir === undefined) return () => Promise.resolve();
    const file = new SnapshotFile(join(dataDir, relativePath), produce);
    this.files.set(relativePath, file);
    return () => file.save();
  }
}
