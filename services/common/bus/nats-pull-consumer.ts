import type { JetStreamManager } from '@nats-io/jetstream';
import { nanos, type Msg, type NatsConnection } from '@nats-io/transport-node';
import { FailedPreconditionError, NotFoundError, UnavailableError } from '../errors/errors.js';
import type { Logger } from '../logging/logger.js';
import { DEFAULT_NEXT_EXPIRES_MS } from './bus-defaults.js';
import { decodeJson, type BusMessage, type PullConsumer } from './bus.js';
import { CONNECTION_CHANGED, raceConnection, type ConnectionState } from './nats-connection-state.js';
import { hasApiCode, isClosedConnection, isTransient, JsApiCode, toBusError } from './nats-errors.js';

// One worker's handle on a durable JetStream pull consumer. Each next() is one
// raw pull request for a single message (`$JS.API.CONSUMER.MSG.NEXT`, batch 1,
// expires = what is left of the caller's wait), so a trainer never holds a job it
// has not asked for. Through an outage next() keeps asking until its wait is over
// and then answers null; the caller's loop simply asks again.

/** Message ids the bus generated itself (so retried publishes deduplicate); hidden from receivers. */
export const AUTO_MSG_ID_PREFIX = '_facenas_auto.';

export interface NatsConsumerContext {
  nc: NatsConnection;
  jsm: JetStreamManager;
  logger: Logger;
  /** How long ack() keeps retrying through an outage. */
  outageTimeoutMs: number;
  requestTimeoutMs: number;
  connection: ConnectionState;
  /** Creates the durable consumer again (a server that lost its state forgot it). */
  recreate(): Promise<void>;
}

interface AckSubject {
  stream: string;
  consumer: string;
  deliveryCount: number;
  streamSeq: number;
}

/** `$JS.ACK.<stream>.<consumer>.<delivered>.<sseq>.<cseq>.<ts>.<pending>`, or the v2 form with domain and account hash after `ACK`. */
export function parseAckSubject(reply: string): AckSubject {
  const tokens = reply.split('.');
  if (tokens.length === 9) tokens.splice(2, 0, '_', '');
  if (tokens.length < 11 || tokens[0] !== '$JS' || tokens[1] !== 'ACK') throw new Error(`not a JetStream ack subject: ${reply}`);
  return { stream: tokens[4], consumer: tokens[5], deliveryCount: Number(tokens[6]), streamSeq: Number(tokens[7]) };
}

const encoder = new TextEncoder();

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

export class NatsPullConsumer implements PullConsumer {
  private closed = false;
  private readonly waiting = new Set<(err: Error) => void>();

  constructor(
    readonly stream: string,
    readonly durable: string,
    private readonly ctx: NatsConsumerContext,
  ) {}

  next(expiresMs = DEFAULT_NEXT_EXPIRES_MS): Promise<BusMessage | null> {
    if (this.closed) return Promise.reject(this.closedError());
    return new Promise((resolve, reject) => {
      this.waiting.add(reject);
      this.pullUntil(Date.now() + expiresMs)
        .then(resolve, reject)
        .finally(() => this.waiting.delete(reject));
    });
  }

  async pending(): Promise<{ pending: number; ackPending: number }> {
    try {
      const info = await this.ctx.jsm.consumers.info(this.stream, this.durable);
      return { pending: info.num_pending, ackPending: info.num_ack_pending };
    } catch (err) {
      if (hasApiCode(err, JsApiCode.ConsumerNotFound, JsApiCode.StreamNotFound)) throw new NotFoundError('consumer', `${this.stream}/${this.durable}`);
      throw toBusError(err, `consumer ${this.durable} info`);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const reject of this.waiting) reject(this.closedError());
    this.waiting.clear();
  }

  private closedError(): FailedPreconditionError {
    return new FailedPreconditionError(`consumer ${this.durable} is closed`);
  }

  private async pullUntil(deadline: number): Promise<BusMessage | null> {
    const { connection } = this.ctx;
    for (let attempt = 0; ; attempt += 1) {
      if (this.closed) throw this.closedError();
      const remaining = deadline - Date.now();
      if (remaining <= 0) return null;
      if (!connection.connected) {
        await connection.whenConnected(remaining);
        continue;
      }
      let msg: Msg | null;
      try {
        const pull = this.pullOnce(remaining);
        const outcome = await raceConnection(connection, pull);
        if (outcome === CONNECTION_CHANGED) {
          this.abandon(pull);
          continue;
        }
        msg = outcome;
      } catch (err) {
        if (this.closed) throw this.closedError();
        if (isClosedConnection(err)) throw new FailedPreconditionError(`consumer ${this.durable}: the NATS connection is closed`);
        if (!isTransient(err)) throw toBusError(err, `consumer ${this.durable} next`);
        this.ctx.logger.debug({ err, consumer: this.durable }, 'pull got no answer; retrying');
        await this.recreateIfLost();
        await sleep(Math.min(250 * 2 ** Math.min(attempt, 3), deadline - Date.now()));
        continue;
      }
      if (!msg) {
        // Normally the server's 408 at the deadline; anything earlier is retried after a pause.
        if (deadline - Date.now() > 100) await sleep(100);
        continue;
      }
      if (this.closed) {
        // Arrived after the worker gave up: hand it straight back rather than wait out ack_wait.
        this.giveBack(msg);
        throw this.closedError();
      }
      return this.wrap(msg);
    }
  }

  /** A pull left behind when the connection changed: if it still brings a message, give it back. */
  private abandon(pull: Promise<Msg | null>): void {
    pull.then(
      (msg) => msg && this.giveBack(msg),
      () => undefined,
    );
  }

  private giveBack(msg: Msg): void {
    try {
      msg.respond(encoder.encode('-NAK'));
    } catch (err) {
      this.ctx.logger.debug({ err, consumer: this.durable }, 'could not nak an unwanted delivery; it returns after ack_wait');
    }
  }

  /** One pull request; null when the server ended it without a message (expired or interrupted). */
  private async pullOnce(waitMs: number): Promise<Msg | null> {
    const request = encoder.encode(JSON.stringify({ batch: 1, expires: nanos(Math.max(1, waitMs)) }));
    // The server answers 408 when `expires` ends; the client-side timeout only has to catch a server that is gone.
    const msg = await this.ctx.nc.request(`$JS.API.CONSUMER.MSG.NEXT.${this.stream}.${this.durable}`, request, {
      timeout: waitMs + 2000,
      noMux: true,
    });
    const code = msg.headers?.code ?? 0;
    if (code === 0 && msg.reply?.startsWith('$JS.ACK.')) return msg;
    if (code === 404 || code === 408 || code === 100) return null;
    const description = msg.headers?.description ?? '';
    if (code === 409 && /consumer deleted/i.test(description)) {
      await this.recreateIfLost();
      return null;
    }
    this.ctx.logger.warn({ consumer: this.durable, code, description }, 'unexpected pull status');
    return null;
  }

  /** A server restarted with an empty store no longer knows the durable consumer: make it again. */
  private async recreateIfLost(): Promise<void> {
    if (this.ctx.nc.isClosed() || this.closed || !this.ctx.connection.connected) return;
    try {
      await this.ctx.jsm.consumers.info(this.stream, this.durable);
    } catch (err) {
      if (hasApiCode(err, JsApiCode.ConsumerNotFound)) {
        this.ctx.logger.warn({ stream: this.stream, consumer: this.durable }, 'durable consumer missing on the server; creating it again');
        await this.ctx.recreate().catch((e: unknown) => this.ctx.logger.warn({ err: e }, 'could not create the consumer again'));
      } else if (hasApiCode(err, JsApiCode.StreamNotFound)) {
        this.ctx.logger.warn({ stream: this.stream }, 'stream missing on the server; waiting for it to be created');
      }
    }
  }

  private wrap(msg: Msg): BusMessage {
    const reply = msg.reply as string;
    const { deliveryCount, streamSeq } = parseAckSubject(reply);
    const header = msg.headers?.get('Nats-Msg-Id') ?? '';
    const msgId = header === '' || header.startsWith(AUTO_MSG_ID_PREFIX) ? undefined : header;
    const { logger } = this.ctx;
    let settled = false;
    const respond = (payload: string) => {
      try {
        msg.respond(encoder.encode(payload));
      } catch (err) {
        logger.warn({ err, consumer: this.durable, seq: streamSeq }, `could not send ${payload.split(' ')[0]}`);
      }
    };
    return {
      subject: msg.subject,
      data: msg.data,
      msgId,
      seq: streamSeq,
      deliveryCount,
      ack: async () => {
        if (settled) return;
        await this.ackConfirmed(reply, streamSeq);
        settled = true;
      },
      nak: (delayMs = 0) => {
        if (settled) return;
        settled = true;
        respond(delayMs > 0 ? `-NAK ${JSON.stringify({ delay: nanos(delayMs) })}` : '-NAK');
      },
      term: (reason?: string) => {
        if (settled) return;
        settled = true;
        // nats-server 2.9 ignores a reason after +TERM (2.11+ logs it): log it here instead.
        if (reason) logger.info({ consumer: this.durable, seq: streamSeq, reason }, 'job terminated');
        respond('+TERM');
      },
      working: () => {
        if (!settled) respond('+WPI');
      },
      json: <T>() => decodeJson<T>(msg.data),
    };
  }

  /** Acks and waits for the server's confirmation, retrying through an outage (a repeated ack is harmless). */
  private async ackConfirmed(reply: string, seq: number): Promise<void> {
    const { connection } = this.ctx;
    const deadline = Date.now() + this.ctx.outageTimeoutMs;
    const doing = `ack of ${this.stream} #${seq}`;
    for (let attempt = 0; ; attempt += 1) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new UnavailableError(`${doing}: NATS did not confirm within ${this.ctx.outageTimeoutMs} ms`);
      if (!connection.connected) {
        await connection.whenConnected(remaining);
        continue;
      }
      try {
        const request = this.ctx.nc.request(reply, encoder.encode('+ACK'), { timeout: Math.max(200, Math.min(this.ctx.requestTimeoutMs, remaining)) });
        request.catch(() => undefined);
        if ((await raceConnection(connection, request)) !== CONNECTION_CHANGED) return;
      } catch (err) {
        if (isClosedConnection(err)) throw new FailedPreconditionError(`${doing}: the NATS connection is closed`);
        if (!isTransient(err)) throw toBusError(err, doing);
        await sleep(Math.min(250 * 2 ** Math.min(attempt, 2), deadline - Date.now()));
      }
    }
  }
}
