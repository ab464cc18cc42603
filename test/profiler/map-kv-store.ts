import { KvConflictError, type KvEntry, type KvStore } from '../../services/common/bus/bus.js';

/** A KvStore on a Map, for unit tests of code that persists through one. */
export class MapKvStore implements KvStore {
  private readonly entries = new Map<string, KvEntry>();
  private revision = 0;

  async get(key: string): Promise<KvEntry | null> {
    return this.entries.get(key) ?? null;
  }
  async put(key: string, value: Uint8Array): Promise<number> {
    this.entries.set(key, { key, value, revision: ++this.revision });
    return this.revision;
  }
  async create(key: string, value: Uint8Array): Promise<number> {
    if (this.entries.has(key)) throw new KvConflictError(key, 'exists');
    return this.put(key, value);
  }
  async update(key: string, value: Uint8Array, revision: number): Promise<number> {
    if (this.entries.get(key)?.revision !== revision) throw new KvConflictError(key, 'wrong revision');
    return this.put(key, value);
  }
  async delete(key: string): Promise<void> {
    this.entries.delete(key);
  }
  async keys(prefix = ''): Promise<string[]> {
    return [...this.entries.keys()].filter((k) => k.startsWith(prefix));
  }
}
