// What the HTML report is made from: the controller's own messages, as GetSearch,
// ListTrials and GetParetoFront return them, for one or more searches (e.g. one per
// strategy, to compare them).

import type { Search__Output } from '../../common/generated/facenas/v1/Search.js';
import type { Trial__Output } from '../../common/generated/facenas/v1/Trial.js';

export interface ReportSearch {
  search: Search__Output;
  trials: Trial__Output[];
  /** The search's Pareto front (GetParetoFront), any order. */
  paretoTrialIds: string[];
}

export interface ReportInput {
  /** Defaults to one naming the search (or "facenas report" for several). */
  title?: string;
  /** When the report was made; given, not read from the clock, so rendering is deterministic. */
  generatedAtMs: number;
  searches: ReportSearch[];
}
