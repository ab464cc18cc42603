import type { Trial__Output } from '../../services/common/generated/facenas/v1/Trial.js';
import type { WatchRecord } from './search-watcher.js';

// Whether the watchers missed anything, judged against the searches' final trial lists
// (ListTrials after every search finished): one line per problem.

export function lostEvents(records: readonly WatchRecord[], finalTrials: ReadonlyMap<string, readonly Trial__Output[]>): string[] {
  const problems: string[] = [];
  const bySearch = new Map<string, WatchRecord[]>();
  for (const r of records) {
    const who = `watcher ${r.watcher} of ${r.searchId}`;
    if (r.error) problems.push(`${who}: stream failed: ${r.error}`);
    if (r.snapshotSeq < 0) problems.push(`${who}: no snapshot first`);
    for (const g of r.gaps) problems.push(`${who}: seq jumped from ${g.after} to ${g.got} (${g.got - g.after - 1} events missing)`);
    if (!r.sawCompletion) problems.push(`${who}: ended without SEARCH_COMPLETED (last seq ${r.lastSeq})`);
    for (const t of finalTrials.get(r.searchId) ?? []) {
      const seen = r.trialStates.get(t.id);
      if (seen !== t.state) problems.push(`${who}: ${t.id} is ${t.state}, the watcher last saw ${seen ?? 'nothing'}`);
    }
    let list = bySearch.get(r.searchId);
    if (!list) bySearch.set(r.searchId, (list = []));
    list.push(r);
  }
  // Watchers of one search must have been told the same event under the same seq.
  for (const [searchId, list] of bySearch) {
    const [first, ...rest] = list;
    for (const other of rest) {
      for (const [seq, what] of other.bySeq) {
        const theirs = first.bySeq.get(seq);
        if (theirs !== undefined && theirs !== what) problems.push(`${searchId}: seq ${seq} was "${theirs}" for watcher ${first.watcher} and "${what}" for watcher ${other.watcher}`);
      }
    }
  }
  return problems;
}
