import type { KV } from '@nats-io/kv';
import { KvConflictError, type KvEntry, type KvStore } from './bus.js';
import { hasApiCode, JsApiCode, toBusError } from './nats-errors.js';
import { checkKvKey } from './spec-validation.js';

/** A JetStream KV bucket behind the bus's KvStore (revision = the entry's stream sequence). */
export class NatsKv implements KvStore {
  constructor(
    private readonly bucket: string,
    private readonly kv: KV,
  ) {}

  async get(key: string): Promise<KvEntry | null> {
    checkKvKey(key);
    try {
      const entry = await this.kv.get(key);
      return entry && entry.operation === 'PUT' ? { key, value: entry.value, revision: entry.revision } : null;
    } catch (err) {
      throw toBusError(err, `kv ${this.bucket} get ${key}`);
    }
  }

  async put(key: string, value: Uint8Array): Promise<number> {
    checkKvKey(key);
    return this.kv.put(key, value).catch((err: unknown) => Promise.reject(toBusError(err, `kv ${this.bucket} put ${key}`)));
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
    await this.kv.delete(key).catch((err: unknown) => Promise.reject(toBusError(err, `kv ${this.bucket} delete ${key}`)));
  }

  async keys(prefix = ''): Promise<string[]> {
    try {
      const found: string[] = [];
      for await (const key of await this.kv.keys()) if (key.startsWith(prefix)) found.push(key);
      return found.sort();
    } catch (err) {
      throw toBusError(err, `kv ${this.bucket} keys`);
    }
  }

  private conflictOr(err: unknown, key: string, message: string, doing: string): Error {
    return hasApiCode(err, JsApiCode.StreamWrongLastSequence, JsApiCode.StreamWrongLastSequenceUnknown)
      ? new KvConflictError(key, message)
      : toBusError(err, `kv ${this.bucket} ${doing} ${key}`);
  }
}
