import { RetentionPolicy, StorageType, type JetStreamClient, type JetStreamManager, type MsgRequest, type NextMsgRequest, type StoredMsg } from '@nats-io/jetstream';
import { headers as natsHeaders, nanos } from '@nats-io/transport-node';
import type { Logger } from '../logging/logger.js';
import type { DeadLetter } from './bus.js';
import { hasApiCode, JsApiCode, toBusError } from './nats-errors.js';

// Dead letters on JetStream (nats-server 2.9). After max_deliver the server stops
// delivering a message but a work-queue stream keeps it, and all it says is the
// advisory `$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.<stream>.<consumer>`
// (carrying `stream_seq` and `deliveries`). The server notices the exhausted
// message only when a worker next pulls from the consumer, which trainers do all
// the time.
//
// The stream FACENAS_DEAD_LETTERS captures those advisories, so none is lost while
// no facenas process listens. deadLetters() then turns each pending advisory into
// a record in the same stream (`facenas.deadletters.<stream>.<consumer>`, the
// original data plus headers for sequence, subject, deliveries and time), deletes
// the original from a work-queue stream (so it no longer takes space or shows up
// in the stream's message count; a limits stream keeps it for its other
// consumers) and deletes the advisory. Each step is idempotent (records carry a
// message id, existing records are checked first), so two processes may do it at
// once and a crash half-way is finished by the next call.

export const DEAD_LETTERS_STREAM = 'FACENAS_DEAD_LETTERS';
const ADVISORY_PREFIX = '$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES';
const RECORD_PREFIX = 'facenas.deadletters';
const RETENTION_MS = 30 * 24 * 3_600_000;

const H_SEQ = 'Facenas-Dead-Seq';
const H_SUBJECT = 'Facenas-Dead-Subject';
const H_DELIVERIES = 'Facenas-Dead-Deliveries';
const H_TIME = 'Facenas-Dead-Time-Ms';

interface MaxDeliveriesAdvisory {
  stream: string;
  consumer: string;
  stream_seq: number;
  deliveries: number;
  timestamp: string;
}

export class NatsDeadLetters {
  constructor(
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly logger: Logger,
    private readonly replicas: number,
  ) {}

  /** Creates (or updates) the capture stream; called once on connect. */
  async ensureStream(): Promise<void> {
    const config = {
      name: DEAD_LETTERS_STREAM,
      subjects: [`${ADVISORY_PREFIX}.>`, `${RECORD_PREFIX}.>`],
      retention: RetentionPolicy.Limits,
      storage: StorageType.File,
      max_age: nanos(RETENTION_MS),
      duplicate_window: nanos(10 * 60_000),
      num_replicas: this.replicas,
    };
    try {
      await this.jsm.streams.info(DEAD_LETTERS_STREAM);
      await this.jsm.streams.update(DEAD_LETTERS_STREAM, config);
    } catch (err) {
      if (!hasApiCode(err, JsApiCode.StreamNotFound)) throw toBusError(err, `stream ${DEAD_LETTERS_STREAM}`);
      await this.jsm.streams.add(config).catch(async (e: unknown) => {
        // Another process created it in between.
        await this.jsm.streams.info(DEAD_LETTERS_STREAM).catch(() => Promise.reject(toBusError(e, `stream ${DEAD_LETTERS_STREAM}`)));
      });
    }
  }

  async read(stream: string, consumer: string): Promise<DeadLetter[]> {
    try {
      const records = new Map<number, DeadLetter>();
      for (const m of await this.all(`${RECORD_PREFIX}.${stream}.${consumer}`)) {
        const record = this.toRecord(stream, consumer, m);
        records.set(record.seq, record);
      }
      const advisories = await this.all(`${ADVISORY_PREFIX}.${stream}.${consumer}`);
      if (advisories.length > 0) {
        const workQueue = await this.isWorkQueue(stream);
        for (const advisory of advisories) await this.settle(stream, consumer, advisory, records, workQueue);
      }
      return [...records.values()].sort((a, b) => a.seq - b.seq);
    } catch (err) {
      throw toBusError(err, `dead letters of ${stream}/${consumer}`);
    }
  }

  private async settle(stream: string, consumer: string, advisory: StoredMsg, records: Map<number, DeadLetter>, workQueue: boolean | null): Promise<void> {
    const event = advisory.json<MaxDeliveriesAdvisory>();
    const seq = event.stream_seq;
    if (!records.has(seq)) {
      const original = await this.jsm.streams.getMessage(stream, { seq }).catch((err: unknown) => {
        if (hasApiCode(err, JsApiCode.StreamNotFound)) return null;
        throw err;
      });
      if (original) {
        const record: DeadLetter = { stream, consumer, seq, subject: original.subject, data: original.data, deliveries: event.deliveries, timeMs: Date.parse(event.timestamp) || Date.now() };
        const h = natsHeaders();
        h.set(H_SEQ, String(seq));
        h.set(H_SUBJECT, record.subject);
        h.set(H_DELIVERIES, String(record.deliveries));
        h.set(H_TIME, String(record.timeMs));
        await this.js.publish(`${RECORD_PREFIX}.${stream}.${consumer}`, record.data, { msgID: `${stream}.${consumer}.${seq}`, headers: h });
        records.set(seq, record);
      } else {
        this.logger.warn({ stream, consumer, seq }, 'a job exhausted its deliveries but was gone before its dead letter was recorded');
      }
    }
    if (records.has(seq) && workQueue) await this.deleteQuietly(stream, seq);
    await this.deleteQuietly(DEAD_LETTERS_STREAM, advisory.seq);
  }

  private toRecord(stream: string, consumer: string, m: StoredMsg): DeadLetter {
    return {
      stream,
      consumer,
      seq: Number(m.header.get(H_SEQ)),
      subject: m.header.get(H_SUBJECT),
      data: m.data,
      deliveries: Number(m.header.get(H_DELIVERIES)),
      timeMs: Number(m.header.get(H_TIME)),
    };
  }

  /** Every stored message on `subject`, oldest first (direct gets by subject; dead letters are few). */
  private async all(subject: string): Promise<StoredMsg[]> {
    const found: StoredMsg[] = [];
    for (let seq = 1; ; ) {
      // STREAM.MSG.GET takes next_by_subj since nats-server 2.9 (measured on 2.9.10); the
      // client's types list that form only for direct gets, which need allow_direct.
      const query: NextMsgRequest = { next_by_subj: subject, seq };
      const m = await this.jsm.streams.getMessage(DEAD_LETTERS_STREAM, query as unknown as MsgRequest);
      if (!m) return found;
      found.push(m);
      seq = m.seq + 1;
    }
  }

  /** True for a work queue, false for limits, null when the stream is gone. */
  private async isWorkQueue(stream: string): Promise<boolean | null> {
    try {
      return (await this.jsm.streams.info(stream)).config.retention === RetentionPolicy.Workqueue;
    } catch (err) {
      if (hasApiCode(err, JsApiCode.StreamNotFound)) return null;
      throw err;
    }
  }

  private async deleteQuietly(stream: string, seq: number): Promise<void> {
    await this.jsm.streams.deleteMessage(stream, seq, false).catch((err: unknown) => {
      // Already deleted (by another process, or an earlier call that stopped half-way).
      this.logger.debug({ err, stream, seq }, 'dead-letter cleanup: message already gone');
    });
  }
}
