import type { KvStore } from '../../common/bus/bus.js';
import { FailedPreconditionError } from '../../common/errors/errors.js';
import { decodeJson, encodeJson } from '../../common/bus/bus.js';
import type { SearchRecord, TrialRecord } from '../search/records.js';
import type { StrategyStateStore } from './strategy-state-store.js';

/** A strategy as the runner saves it: its state and how many proposals it had made by then. */
export interface SavedStrategy {
  proposals: number;
  state: unknown;
}

/** KV bucket and object store of the strategies' states (the searches bucket is SEARCHES_BUCKET). */
export const STRATEGY_STATE_BUCKET = 'facenas_strategy_state';

/**
 * Durable search state: one KV key per search and per trial (so a write is small and a
 * search with thousands of trials never hits the KV value limit), and each strategy's
 * state (strategy-state-store.ts). In cluster mode these are JetStream KV and object
 * store; in embedded mode the in-memory bus persists them to files.
 */
export class SearchStore {
  constructor(
    private readonly kv: KvStore,
    private readonly strategyStates: StrategyStateStore,
  ) {}

  async saveSearch(search: SearchRecord): Promise<void> {
    await this.kv.put(searchKey(search.id), encodeJson(search));
  }

  async saveTrial(trial: TrialRecord): Promise<void> {
    await this.kv.put(trialKey(trial.searchId, trial.index), encodeJson(trial));
  }

  saveStrategy(searchId: string, saved: SavedStrategy): Promise<void> {
    return this.strategyStates.save(searchId, saved);
  }

  /** The last saved strategy, or null when none was. */
  async loadStrategy(searchId: string): Promise<SavedStrategy | null> {
    const value = await this.strategyStates.load(searchId);
    if (value === null) return null;
    const v = value as Partial<SavedStrategy>;
    if (typeof value !== 'object' || !Number.isInteger(v.proposals) || !('state' in value)) {
      throw new FailedPreconditionError(`the saved strategy of search ${searchId} is not {proposals, state}`);
    }
    return value as SavedStrategy;
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
