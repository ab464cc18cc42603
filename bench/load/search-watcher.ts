import type { SearchEvent__Output } from '../../services/common/generated/facenas/v1/SearchEvent.js';
import { searchApi } from '../../services/cli/search/search-api.js';

// One WatchSearch client (its own gRPC channel, as a separate user's CLI would have)
// that follows a search to its end and records what it saw, so the bench can tell
// whether any event was lost: SearchEvent.seq increases by one per event of a search,
// so after the snapshot every seq must be the previous one plus one.

export interface Gap {
  /** Last seq before the gap, and the seq that came instead of after + 1. */
  after: number;
  got: number;
}

export interface WatchRecord {
  searchId: string;
  watcher: number;
  snapshotSeq: number;
  lastSeq: number;
  events: number;
  gaps: Gap[];
  /** The last event was SEARCH_COMPLETED (the server then ends the stream). */
  sawCompletion: boolean;
  /** Each trial's latest state as this watcher knows it (snapshot, then events). */
  trialStates: Map<string, string>;
  /** `kind trialId` per seq, to compare watchers of the same search. */
  bySeq: Map<number, string>;
  /** When the first TRIAL_COMPLETED arrived (epoch ms); null if none did. */
  firstCompletionAt: number | null;
  /** [receive time, receive time minus the event's time] per event (one machine clock), ms. */
  lag: [number, number][];
  error: string | null;
}

export async function watchToEnd(address: string, searchId: string, watcher: number): Promise<WatchRecord> {
  const api = searchApi(address);
  const record: WatchRecord = { searchId, watcher, snapshotSeq: -1, lastSeq: -1, events: 0, gaps: [], sawCompletion: false, trialStates: new Map(), bySeq: new Map(), firstCompletionAt: null, lag: [], error: null };
  const { events } = api.watch(searchId);
  try {
    for await (const event of events) note(record, event);
  } catch (err) {
    record.error = (err as Error).message;
  } finally {
    api.close();
  }
  return record;
}

function note(record: WatchRecord, event: SearchEvent__Output): void {
  const now = Date.now();
  record.lag.push([now, now - event.timeMs]);
  if (event.kind === 'SEARCH_EVENT_KIND_TRIAL_COMPLETED') record.firstCompletionAt ??= now;
  record.events += 1;
  if (event.kind === 'SEARCH_EVENT_KIND_SNAPSHOT') {
    record.snapshotSeq = event.seq;
    for (const t of event.trials) record.trialStates.set(t.id, t.state);
  } else {
    if (record.lastSeq >= 0 && event.seq !== record.lastSeq + 1) record.gaps.push({ after: record.lastSeq, got: event.seq });
    record.bySeq.set(event.seq, `${event.kind} ${event.trial?.id ?? ''}`);
    if (event.trial) record.trialStates.set(event.trial.id, event.trial.state);
  }
  record.lastSeq = event.seq;
  record.sawCompletion = event.kind === 'SEARCH_EVENT_KIND_SEARCH_COMPLETED';
}
