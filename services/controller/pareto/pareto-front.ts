// The accuracy/latency Pareto front of a search: trials no other trial beats on
// both objectives (higher accuracy, lower latency) while being at least as good on
// the other. Trials with identical (accuracy, latency) do not dominate each other,
// so all of them stay on the front, in their input order.

export interface ParetoPoint {
  accuracy: number;
  latencyMs: number;
}

/** `a` dominates `b`: at least as good on both objectives and strictly better on one. */
export function dominates(a: ParetoPoint, b: ParetoPoint): boolean {
  return a.accuracy >= b.accuracy && a.latencyMs <= b.latencyMs && (a.accuracy > b.accuracy || a.latencyMs < b.latencyMs);
}

/**
 * Non-dominated items by latency ascending (ties on latency: higher accuracy
 * cannot tie, so equal latencies on the front are equal points, kept in input
 * order). Items with a non-finite objective are left out.
 */
export function paretoFront<T extends ParetoPoint>(items: readonly T[]): T[] {
  const candidates = items
    .map((item, index) => ({ item, index }))
    .filter(({ item }) => Number.isFinite(item.accuracy) && Number.isFinite(item.latencyMs));
  // Sorted by latency, then accuracy descending: a point is dominated exactly when an
  // earlier point has higher accuracy, or equal accuracy at strictly lower latency.
  candidates.sort((a, b) => a.item.latencyMs - b.item.latencyMs || b.item.accuracy - a.item.accuracy || a.index - b.index);
  const front: T[] = [];
  let best: ParetoPoint | undefined;
  for (const { item } of candidates) {
    if (best !== undefined && dominates(best, item)) continue;
    front.push(item);
    best = item;
  }
  return front;
}
