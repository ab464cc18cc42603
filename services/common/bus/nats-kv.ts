import type { KV } from '@nats-io/kv';
import { KvConflictError, type KvEntry, type KvStore } from './bus.js';
import { hasApiCode, JsApiCode, toBusError } from './nats-errors.js';
import { throughOutage, type OutagePolicy } from './nats-outage-retry.js';
import { checkKvKey } from './spec-validation.js';

/** A JetStream KV bucket behind the bus's KvStore (revision = the entry's stream sequence). */
export class NatsKv implements KvStore {
  constructor(
    private readonly bucket: string,
    private readonly kv: KV,
    private readonly outage: OutagePolicy,
  ) {}

  async get(key: string): Promise<KvEntry | null> {
    checkKvKey(key);
    const entry = await throughOutage(this.outage, `kv ${this.bucket} get ${key}`, () => this.kv.get(key));
    return entry && entry.operation === 'PUT' ? { key, value: entry.value, revision: entry.revision } : null;
  }

  async put(key: string, value: Uint8Array): Promise<number> {
    checkKvKey(key);
    return throughOutage(this.outage, `kv ${this.bucket} put ${key}`, () => this.kv.put(key, value));
  }

  async create(key: string, value: Uint8Array): Promise<number> {
    checkKvKey(key);
    return this.kv.create(key, value).catch((err: unknown) =>
      Promise.reject(this.conflictOr(err, key, `kv ${this.bucket}: key ${JSON.stringify(key)} already exists`, 'create')),
    );
  }

  async update(key: string, value: Uint8Array, revision: number): Promise<number> {
    checkKvKey(key);
    return this.kv.update(key, value, revision).catch((err: unknown) =>
      Promise.reject(this.conflictOr(err, key, `kv ${this.bucket}: key ${JSON.stringify(key)} is not at revision ${revision}`, 'update')),
    );
  }

  async delete(key: string): Promise<void> {
    checkKvKey(key);
    await throughOutage(this.outage, `kv ${this.bucket} delete ${key}`, () => this.kv.delete(key));
  }

  async keys(prefix = ''): Promise<string[]> {
    return throughOutage(this.outage, `kv ${this.bucket} keys`, async () => {
      const found: string[] = [];
      for await (const key of await this.kv.keys()) if (key.startsWith(prefix)) found.push(key);
      return found.sort();
    });
  }

  private conflictOr(err: unknown, key: string, message: string, doing: string): Error {
    return hasApiCode(err, JsApiCode.StreamWrongLastSequence, JsApiCode.StreamWrongLastSequenceUnknown)
      ? new KvConflictError(key, message)
      : toBusError(err, `kv ${this.bucket} ${doing} ${key}`);
  }
}
