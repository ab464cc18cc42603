/**
 * The bus on NATS JetStream (cluster mode; nats-server 2.9+). Passes the same
 * contract suite as the in-memory bus (bus.contract.ts).
 *
 * Conventions (DESIGN.md "Messaging", names in subjects.ts): stream
 * `FACENAS_TRIALS` (work-queue retention, subjects `facenas.trials.>`, one subject
 * per search `facenas.trials.<searchId>` so StopSearch purges one search's jobs,
 * message id `<searchId>.<trialId>` so a re-published job is a duplicate); durable
 * pull consumer `trainers` (explicit ack, ack_wait ~60 s, max_deliver 3,
 * max_ack_pending = number of trainers, who send working() every ack_wait/3);
 * events on `facenas.events.<searchId>.<kind>`, stored in the limits stream
 * `FACENAS_EVENTS`; KV bucket `facenas_searches`; models in the object store
 * `facenas_models`; dead letters in `FACENAS_DEAD_LETTERS` (nats-dead-letters.ts).
 *
 * Behaviour measured on nats-server 2.9.10 (the Debian server):
 * - term() on a work-queue stream removes the message at once (no dead letter).
 * - After max_deliver the message stays in a work-queue stream; the server sends
 *   the MAX_DELIVERIES advisory only when a worker next pulls. deadLetters() turns
 *   advisories into records and deletes the original (see nats-dead-letters.ts).
 * - A duplicate publish answers `duplicate: true` with the original's sequence.
 * - A pull on a consumer the server does not know gets no answer at all (it times
 *   out), so next() checks for a lost consumer after a silent pull and creates it again.
 *
 * Outages: the client reconnects forever (backoff 100 ms doubling to 2 s, with
 * jitter) and a restarted server is picked up; durable consumers live on the
 * server, so workers resume. publish() and ack() retry through an outage for
 * `outageTimeoutMs` (default 30 s; publish keeps one message id across retries,
 * generating one when the caller gave none, so a retry never stores a job twice)
 * and then reject with UnavailableError. next() keeps asking until its own wait
 * is over and then answers null. nak/term/working are buffered by the client while
 * disconnected and sent on reconnect. closed() resolves only when the connection
 * is closed for good (close(), or the server refusing the credentials).
 */
import { jetstreamManager, RetentionPolicy, StorageType, AckPolicy, DeliverPolicy, type ConsumerConfig, type JetStreamClient, type JetStreamManager, type StreamConfig } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { Objm } from '@nats-io/obj';
import { connect, nanos, nuid, type NatsConnection } from '@nats-io/transport-node';
import { FacenasError, FailedPreconditionError, InvalidArgumentError, NotFoundError, UnavailableError } from '../errors/errors.js';
import type { Logger } from '../logging/logger.js';
import { DEFAULT_DUPLICATE_WINDOW_MS, DEFAULT_MAX_ACK_PENDING } from './bus-defaults.js';
import type { Bus, ConsumerSpec, DeadLetter, KvStore, ObjectStore, PublishAck, PullConsumer, StreamSpec, Subscription } from './bus.js';
import { connectionAuthOptions, describeAuth, natsServers, type NatsCredentials } from './nats-connect-options.js';
import { CONNECTION_CHANGED, ConnectionState, raceConnection } from './nats-connection-state.js';
import { NatsDeadLetters } from './nats-dead-letters.js';
import { hasApiCode, isAuthError, isNoResponders, isTransient, JsApiCode, notFoundOr, toBusError } from './nats-errors.js';
import { NatsKv } from './nats-kv.js';
import { NatsObjects } from './nats-objects.js';
import { AUTO_MSG_ID_PREFIX, NatsPullConsumer } from './nats-pull-consumer.js';
import { checkConsumerSpec, checkName, checkStreamSpec, checkSubject } from './spec-validation.js';

export interface NatsBusOptions extends NatsCredentials {
  /** Client name shown by the server's monitoring (e.g. `trainer-7f9c`). */
  name: string;
  logger: Logger;
  /** How long publish() and ack() retry through an outage before UnavailableError (default 30 s). */
  outageTimeoutMs?: number;
  /** Deadline of each JetStream API call (default 10 s). */
  requestTimeoutMs?: number;
  /** Deadline of the first connection's handshake (default 10 s). */
  connectTimeoutMs?: number;
  /** Replicas of the streams, KV buckets and object stores this bus creates (3 on a 3-node cluster; default 1). */
  replicas?: number;
}

const BACKOFF_FIRST_MS = 100;
const BACKOFF_MAX_MS = 2000;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

/**
 * Connects (failing fast if no server answers now: the service should exit and be
 * restarted) and makes sure the dead-letter capture stream exists.
 */
export async function connectNatsBus(options: NatsBusOptions): Promise<Bus> {
  const auth = connectionAuthOptions(options);
  const { logger } = options;
  const where = natsServers(options.url).join(',');
  let failedAttempts = 0;
  let nc: NatsConnection;
  try {
    nc = await connect({
      ...auth,
      name: options.name,
      reconnect: true,
      maxReconnectAttempts: -1,
      // Exponential backoff with jitter between attempts; reset once connected again.
      reconnectDelayHandler: () => {
        const base = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** Math.min(failedAttempts, 5));
        failedAttempts += 1;
        return base / 2 + Math.random() * (base / 2);
      },
      // A silently dead server (no TCP reset) is noticed within ~30 s.
      pingInterval: 10_000,
      maxPingOut: 3,
      timeout: options.connectTimeoutMs ?? 10_000,
    });
  } catch (err) {
    // With reconnect on, some failures (a refused TLS client certificate) only show as a
    // timeout: one plain attempt without reconnect tells the real reason.
    const reason = isAuthError(err) ? err : await connect({ ...auth, reconnect: false, timeout: 5000 }).then((probe) => probe.close().then(() => err), (probeErr: unknown) => probeErr);
    if (isAuthError(reason)) {
      throw new FacenasError('UNAUTHENTICATED', `NATS at ${where} refused the credentials (${describeAuth(options)}): ${(reason as Error).message}`, { cause: reason });
    }
    throw new UnavailableError(`cannot connect to NATS at ${where}: ${(reason as Error).message}`, { cause: reason });
  }
  const bus = new NatsBus(nc, options, () => {
    failedAttempts = 0;
  });
  try {
    await bus.start();
  } catch (err) {
    await nc.close().catch(() => undefined);
    throw err;
  }
  logger.info({ servers: where, auth: describeAuth(options) }, 'connected to NATS');
  return bus;
}

class NatsBus implements Bus {
  private jsm!: JetStreamManager;
  private js!: JetStreamClient;
  private deadLetterStore!: NatsDeadLetters;
  private readonly connection = new ConnectionState();
  private closing = false;
  private readonly consumers = new Set<NatsPullConsumer>();
  private readonly kvs = new Map<string, Promise<NatsKv>>();
  private readonly objectStores = new Map<string, Promise<NatsObjects>>();
  private readonly logger: Logger;
  private readonly outageTimeoutMs: number;
  private readonly requestTimeoutMs: number;
  private readonly replicas: number;

  constructor(
    private readonly nc: NatsConnection,
    options: NatsBusOptions,
    private readonly onReconnected: () => void,
  ) {
    this.logger = options.logger;
    this.outageTimeoutMs = options.outageTimeoutMs ?? 30_000;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
    this.replicas = options.replicas ?? 1;
  }

  async start(): Promise<void> {
    void this.watchStatus();
    try {
      this.jsm = await jetstreamManager(this.nc, { timeout: this.requestTimeoutMs });
    } catch (err) {
      throw new FailedPreconditionError(`NATS has no JetStream here (start nats-server with -js): ${(err as Error).message}`);
    }
    this.js = this.jsm.jetstream();
    this.deadLetterStore = new NatsDeadLetters(this.js, this.jsm, this.logger, this.replicas);
    await this.deadLetterStore.ensureStream();
  }

  async ensureStream(spec: StreamSpec): Promise<void> {
    checkStreamSpec(spec);
    const config: Partial<StreamConfig> & { name: string } = {
      name: spec.name,
      subjects: spec.subjects,
      retention: spec.retention === 'workqueue' ? RetentionPolicy.Workqueue : RetentionPolicy.Limits,
      storage: StorageType.File,
      duplicate_window: nanos(spec.duplicateWindowMs ?? DEFAULT_DUPLICATE_WINDOW_MS),
      max_age: spec.maxAgeMs === undefined ? 0 : nanos(spec.maxAgeMs),
      max_msgs: spec.maxMsgs ?? -1,
      num_replicas: this.replicas,
    };
    const doing = `stream ${spec.name}`;
    try {
      const info = await this.jsm.streams.info(spec.name);
      if (info.config.retention !== config.retention) {
        throw new FailedPreconditionError(`${doing}: retention cannot change from ${info.config.retention} to ${config.retention}`);
      }
      await this.jsm.streams.update(spec.name, config);
    } catch (err) {
      if (!hasApiCode(err, JsApiCode.StreamNotFound)) throw toBusError(err, doing);
      await this.jsm.streams.add(config).catch(async (addErr: unknown) => {
        // Created by another process in between: make it match.
        if (!(await this.jsm.streams.info(spec.name).then(() => true, () => false))) throw toBusError(addErr, doing);
        await this.jsm.streams.update(spec.name, config).catch((e: unknown) => Promise.reject(toBusError(e, doing)));
      });
    }
  }

  async consumer(spec: ConsumerSpec): Promise<PullConsumer> {
    checkConsumerSpec(spec);
    await this.ensureConsumer(spec);
    const consumer = new NatsPullConsumer(spec.stream, spec.durable, {
      nc: this.nc,
      jsm: this.jsm,
      logger: this.logger,
      outageTimeoutMs: this.outageTimeoutMs,
      requestTimeoutMs: this.requestTimeoutMs,
      connection: this.connection,
      recreate: () => this.ensureConsumer(spec),
    });
    this.consumers.add(consumer);
    return consumer;
  }

  async publish(subject: string, data: Uint8Array, opts: { msgId?: string } = {}): Promise<PublishAck> {
    checkSubject('subject', subject, false);
    if (opts.msgId === '') throw new InvalidArgumentError('msgId', 'must not be empty');
    const generated = opts.msgId === undefined;
    const msgID = opts.msgId ?? `${AUTO_MSG_ID_PREFIX}${nuid.next()}`;
    const deadline = Date.now() + this.outageTimeoutMs;
    let sent = false;
    for (let attempt = 0; ; attempt += 1) {
      this.checkOpen();
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new UnavailableError(`publish to ${subject}: NATS did not store it within ${this.outageTimeoutMs} ms`);
      if (!this.connection.connected) {
        await this.connection.whenConnected(remaining);
        continue;
      }
      try {
        const attemptAck = this.js.publish(subject, data, { msgID, timeout: Math.max(500, Math.min(this.requestTimeoutMs, remaining)) });
        attemptAck.catch(() => undefined);
        const wasSent = sent;
        sent = true;
        const ack = await raceConnection(this.connection, attemptAck);
        if (ack === CONNECTION_CHANGED) continue;
        // A duplicate of the id we generated can only be our own earlier attempt that did get stored.
        return { stream: ack.stream, seq: ack.seq, duplicate: ack.duplicate && !(generated && wasSent) };
      } catch (err) {
        if (isNoResponders(err) && this.connection.connected && (await this.noStreamOwns(subject))) throw new NotFoundError('stream for subject', subject);
        if (!isTransient(err)) throw toBusError(err, `publish to ${subject}`);
        this.logger.debug({ err, subject, attempt }, 'publish not confirmed; retrying');
        await sleep(Math.min(BACKOFF_FIRST_MS * 2 ** Math.min(attempt, 2), deadline - Date.now()));
      }
    }
  }

  async purge(stream: string, subject: string): Promise<number> {
    checkName('stream', stream);
    checkSubject('subject', subject, true);
    try {
      return (await this.jsm.streams.purge(stream, { filter: subject })).purged;
    } catch (err) {
      throw notFoundOr(err, `purge ${subject} from ${stream}`, 'stream', stream, JsApiCode.StreamNotFound);
    }
  }

  async deadLetters(stream: string, durable: string): Promise<DeadLetter[]> {
    checkName('stream', stream);
    checkName('durable', durable);
    return this.deadLetterStore.read(stream, durable);
  }

  notify(subject: string, data: Uint8Array): void {
    checkSubject('subject', subject, false);
    try {
      this.nc.publish(subject, data);
    } catch (err) {
      throw toBusError(err, `notify ${subject}`);
    }
  }

  subscribe(subject: string, handler: (subject: string, data: Uint8Array) => void): Subscription {
    checkSubject('subject', subject, true);
    const sub = this.nc.subscribe(subject, {
      callback: (err, msg) => {
        if (err) {
          this.logger.error({ err, subject }, 'subscription failed');
          return;
        }
        try {
          handler(msg.subject, msg.data);
        } catch (handlerErr) {
          this.logger.error({ err: handlerErr, subject: msg.subject }, 'bus subscription handler failed');
        }
      },
    });
    return { unsubscribe: () => sub.unsubscribe() };
  }

  kv(bucket: string): Promise<KvStore> {
    checkName('bucket', bucket);
    let store = this.kvs.get(bucket);
    if (!store) {
      store = new Kvm(this.js)
        .create(bucket, { history: 1, replicas: this.replicas })
        .then((kv) => new NatsKv(bucket, kv, { connection: this.connection, outageTimeoutMs: this.outageTimeoutMs }))
        .catch((err: unknown) => {
          this.kvs.delete(bucket);
          return Promise.reject(toBusError(err, `kv bucket ${bucket}`));
        });
      this.kvs.set(bucket, store);
    }
    return store;
  }

  objects(bucket: string): Promise<ObjectStore> {
    checkName('bucket', bucket);
    let store = this.objectStores.get(bucket);
    if (!store) {
      store = new Objm(this.js)
        .create(bucket, { replicas: this.replicas })
        .then((os) => new NatsObjects(bucket, os, { connection: this.connection, outageTimeoutMs: this.outageTimeoutMs }))
        .catch((err: unknown) => {
          this.objectStores.delete(bucket);
          return Promise.reject(toBusError(err, `object store ${bucket}`));
        });
      this.objectStores.set(bucket, store);
    }
    return store;
  }

  async closed(): Promise<void> {
    await this.nc.closed();
  }

  async close(): Promise<void> {
    if (this.closing) return this.closed();
    this.closing = true;
    await Promise.all([...this.consumers].map((c) => c.close()));
    if (!this.nc.isClosed()) {
      // Send what is buffered (nak, term, working) if the server is there; do not wait out an outage.
      await Promise.race([this.nc.flush().catch(() => undefined), sleep(2000)]);
      await this.nc.close();
    }
  }

  private checkOpen(): void {
    if (this.closing || this.nc.isClosed()) throw new FailedPreconditionError('the bus is closed');
  }

  private async ensureConsumer(spec: ConsumerSpec): Promise<void> {
    const wanted: Partial<ConsumerConfig> = {
      durable_name: spec.durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: nanos(spec.ackWaitMs),
      max_deliver: spec.maxDeliver,
      max_ack_pending: spec.maxAckPending ?? DEFAULT_MAX_ACK_PENDING,
      ...(spec.filterSubject !== undefined && { filter_subject: spec.filterSubject }),
    };
    const doing = `consumer ${spec.durable} on ${spec.stream}`;
    try {
      const info = await this.jsm.consumers.info(spec.stream, spec.durable);
      const current = info.config;
      if ((current.filter_subject ?? '') !== (spec.filterSubject ?? '')) {
        throw new FailedPreconditionError(`${doing}: filter subject cannot change (${current.filter_subject || '(none)'} -> ${spec.filterSubject ?? '(none)'})`);
      }
      // Without maxAckPending the caller (say, a process only reading pending()) keeps the workers' setting.
      const maxAckPending = spec.maxAckPending ?? current.max_ack_pending;
      if (current.ack_wait !== wanted.ack_wait || current.max_deliver !== wanted.max_deliver || current.max_ack_pending !== maxAckPending) {
        await this.jsm.consumers.update(spec.stream, spec.durable, { ack_wait: wanted.ack_wait, max_deliver: wanted.max_deliver, max_ack_pending: maxAckPending });
      }
    } catch (err) {
      if (hasApiCode(err, JsApiCode.StreamNotFound)) throw new NotFoundError('stream', spec.stream);
      if (!hasApiCode(err, JsApiCode.ConsumerNotFound)) throw toBusError(err, doing);
      await this.jsm.consumers.add(spec.stream, wanted).catch((addErr: unknown) => {
        if (hasApiCode(addErr, JsApiCode.StreamNotFound)) throw new NotFoundError('stream', spec.stream);
        throw toBusError(addErr, doing);
      });
    }
  }

  private async noStreamOwns(subject: string): Promise<boolean> {
    try {
      await this.jsm.streams.find(subject);
      return false;
    } catch (err) {
      return hasApiCode(err, JsApiCode.StreamNotFound) || /no stream matches subject/.test((err as Error).message);
    }
  }

  private async watchStatus(): Promise<void> {
    for await (const status of this.nc.status()) {
      switch (status.type) {
        case 'disconnect':
          this.connection.set(false);
          this.logger.warn({ server: status.server }, 'NATS disconnected; reconnecting');
          break;
        case 'reconnect':
          this.connection.set(true);
          this.onReconnected();
          this.logger.info({ server: status.server }, 'NATS reconnected');
          break;
        case 'error':
          this.logger.error({ err: status.error }, 'NATS connection error');
          break;
        case 'staleConnection':
          this.logger.warn('NATS connection stale (no PONG); reconnecting');
          break;
        default:
          this.logger.debug({ status: status.type }, 'NATS status');
      }
    }
  }
}
