// Names of a search's settings as the report prints them.

import type { Search__Output } from '../../common/generated/facenas/v1/Search.js';

/** The strategy's name; an unset one is the controller's default. */
export function strategyName(search: Search__Output): string {
  return search.spec?.algorithm?.name || 'reinforce';
}

/** The accuracy the search optimises, as an axis title. */
export function objectiveLabel(search: Search__Output): string {
  return search.spec?.objective === 'OBJECTIVE_TOP1' ? 'top-1 identification accuracy' : 'verification accuracy';
}

/** The target latency T in ms, or undefined when the search has none. */
export function targetLatencyMs(search: Search__Output): number | undefined {
  const ms = search.spec?.reward?.targetLatencyMs;
  return ms !== undefined && Number.isFinite(ms) && ms > 0 ? ms : undefined;
}

export function targetDevice(search: Search__Output): string {
  return search.spec?.reward?.device ?? '';
}
