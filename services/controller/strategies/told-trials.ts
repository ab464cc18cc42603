// Results are idempotent (DESIGN.md): a trial's result delivered twice — a redelivered
// bus message, a controller retry after restart — must not train a strategy twice.

import type { Observation } from './strategy.js';

export class ToldTrials {
  private readonly ids: Set<string>;

  constructor(ids: readonly string[] = []) {
    this.ids = new Set(ids);
  }

  /** The observations whose trial was not told before (first of duplicates in a batch), now marked told. */
  fresh(observations: readonly Observation[]): Observation[] {
    const out: Observation[] = [];
    for (const o of observations) {
      if (this.ids.has(o.trialId)) continue;
      this.ids.add(o.trialId);
      out.push(o);
    }
    return out;
  }

  list(): string[] {
    return [...this.ids];
  }
}
