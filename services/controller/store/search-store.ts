import type { KvStore, ObjectStore } from '../../common/bus/bus.js';
import { decodeJson, encodeJson } from '../../common/bus/bus.js';
import type { SearchRecord, TrialRecord } from '../search/records.js';

export const SEARCH_BUCKET = 'facenas_searches';
export const STRATEGY_STATE_BUCKET = 'facenas_strategy_state';

/**
 * Durable search state: one KV key per search and per trial (so a write is small and a
 * search with thousands of trials never hits the KV value limit), and the strategy's
 * state (LSTM weights, optimiser moments — hundreds of KB) in the object store.
 * In cluster mode these are JetStream KV/object store; in embedded mode the in-memory
 * bus persists them to files.
 */
export class SearchStore {
  constructor(
    private readonly kv: KvStore,
    private readonly objects: ObjectStore,
  ) {}

  async saveSearch(search: SearchRecord): Promise<void> {
    await this.kv.put(searchKey(search.id), encodeJson(search));
  }

  async saveTrial(trial: TrialRecord): Promise<void> {
    await this.kv.put(trialKey(trial.searchId, trial.index), encodeJson(trial));
  }

  async saveStrategyState(searchId: string, state: unknown): Promise<void> {
    await this.objects.put(searchId, encodeJson(state));
  }

  async loadStrategyState<T>(searchId: string): Promise<T | null> {
    const data = await this.objects.get(searchId);
    return data ? decodeJson<T>(data) : null;
  }

  /** Every stored search with its trials, sorted by creation. */
  async loadAll(): Promise<Array<{ search: SearchRecord; trials: TrialRecord[] }>> {
    const keys = await this.kv.keys();
    const searches = new Map<string, { search: SearchRecord; trials: TrialRecord[] }>();
    const trials: TrialRecord[] = [];
    for (const key of keys) {
      const entry = await this.kv.get(key);
      if (!entry) continue;
      if (key.startsWith('search.')) {
        const search = decodeJson<SearchRecord>(entry.value);
        searches.set(search.id, { search, trials: [] });
      } else if (key.startsWith('trial.')) {
        trials.push(decodeJson<TrialRecord>(entry.value));
      }
    }
    for (const trial of trials) searches.get(trial.searchId)?.trials.push(trial);
    for (const s of searches.values()) s.trials.sort((a, b) => a.index - b.index);
    return [...searches.values()].sort((a, b) => a.search.createdAtMs - b.search.createdAtMs);
  }
}

function searchKey(searchId: string): string {
  return `search.${searchId}`;
}

function trialKey(searchId: string, index: number): string {
  return `trial.${searchId}.${String(index).padStart(6, '0')}`;
}
