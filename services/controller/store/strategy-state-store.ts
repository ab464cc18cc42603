import type { KvStore, ObjectStore } from '../../common/bus/bus.js';
import { decodeJson, encodeJson } from '../../common/bus/bus.js';
import { FailedPreconditionError } from '../../common/errors/errors.js';

/**
 * States up to this size are one KV write (random and evolution, whose told lists grow
 * to tens of KB); bigger ones (the reinforce policy's weights and Adam moments) go to the
 * object store, several round trips each, with a KV entry saying so. The limit stays
 * well under NATS's default 1 MiB message size.
 */
export const INLINE_STATE_LIMIT = 256 * 1024;

const POINTER_FIELD = '$objectStore';

/**
 * Each search's strategy state, written after every step that changed it. The KV entry
 * is what counts: a state moved to the object store is written there before the entry
 * points at it, so a crash in between leaves the older, consistent state in force.
 */
export class StrategyStateStore {
  /** Searches whose entry already points at the object store. */
  private readonly pointing = new Set<string>();

  constructor(
    private readonly kv: KvStore,
    private readonly objects: ObjectStore,
    private readonly inlineLimit = INLINE_STATE_LIMIT,
  ) {}

  async save(searchId: string, state: unknown): Promise<void> {
    const data = encodeJson(state);
    if (data.length <= this.inlineLimit) {
      await this.kv.put(stateKey(searchId), data);
      this.pointing.delete(searchId);
      return;
    }
    await this.objects.put(searchId, data);
    if (this.pointing.has(searchId)) return;
    await this.kv.put(stateKey(searchId), encodeJson({ [POINTER_FIELD]: true }));
    this.pointing.add(searchId);
  }

  async load(searchId: string): Promise<unknown> {
    const entry = await this.kv.get(stateKey(searchId));
    if (!entry) return null;
    const value = decodeJson<unknown>(entry.value);
    if (typeof value !== 'object' || value === null || !(POINTER_FIELD in value)) return value;
    const data = await this.objects.get(searchId);
    if (!data) throw new FailedPreconditionError(`the strategy state of search ${searchId} is missing from the object store`);
    this.pointing.add(searchId);
    return decodeJson<unknown>(data);
  }
}

function stateKey(searchId: string): string {
  return `strategy.${searchId}`;
}
