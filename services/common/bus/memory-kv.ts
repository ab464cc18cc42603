import { KvConflictError, type KvEntry, type KvStore } from './bus.js';
import { checkKvKey } from './spec-validation.js';

/** What a KV bucket persists: its last revision and live entries (values base64). */
export interface KvSnapshot {
  lastRevision: number;
  entries: Array<[key: string, valueBase64: string, revision: number]>;
}

/**
 * One KV bucket in memory with JetStream KV's rules: one revision counter per
 * bucket (every put and delete takes the next one), `create` only when the key is
 * absent, `update` only when the key's revision is the expected one (0 = absent).
 */
export class MemoryKv implements KvStore {
  private readonly entries = new Map<string, { value: Uint8Array; revision: number }>();
  private lastRevision = 0;

  constructor(
    readonly bucket: string,
    private readonly persist: () => Promise<void>,
    snapshot?: KvSnapshot,
  ) {
    if (snapshot) {
      this.lastRevision = snapshot.lastRevision;
      for (const [key, value, revision] of snapshot.entries) this.entries.set(key, { value: Buffer.from(value, 'base64'), revision });
    }
  }

  snapshot(): KvSnapshot {
    return {
      lastRevision: this.lastRevision,
      entries: [...this.entries].map(([key, e]) => [key, Buffer.from(e.value).toString('base64'), e.revision]),
    };
  }

  async get(key: string): Promise<KvEntry | null> {
    checkKvKey(key);
    const entry = this.entries.get(key);
    return entry ? { key, value: entry.value.slice(), revision: entry.revision } : null;
  }

  async put(key: string, value: Uint8Array): Promise<number> {
    checkKvKey(key);
    return this.write(key, value);
  }

  async create(key: string, value: Uint8Array): Promise<number> {
    checkKvKey(key);
    if (this.entries.has(key)) throw new KvConflictError(key, `kv ${this.bucket}: key ${JSON.stringify(key)} already exists`);
    return this.write(key, value);
  }

  async update(key: string, value: Uint8Array, revision: number): Promise<number> {
    checkKvKey(key);
    const current = this.entries.get(key)?.revision ?? 0;
    if (current !== revision) {
      throw new KvConflictError(key, `kv ${this.bucket}: key ${JSON.stringify(key)} is at revision ${current}, not ${revision}`);
    }
    return this.write(key, value);
  }

  async delete(key: string): Promise<void> {
    checkKvKey(key);
    if (!this.entries.delete(key)) return;
    this.lastRevision += 1;
    await this.persist();
  }

  async keys(prefix = ''): Promise<string[]> {
    return [...this.entries.keys()].filter((k) => k.startsWith(prefix)).sort();
  }

  private async write(key: string, value: Uint8Array): Promise<number> {
    this.lastRevision += 1;
    const revision = this.lastRevision;
    this.entries.set(key, { value: value.slice(), revision });
    await this.persist();
    return revision;
  }
}
