/**
 * The median-stop rule (Golovin et al., Google Vizier; Katib's medianstop): stop a trial
 * whose accuracy after epoch e is below the median of the completed trials' accuracy
 * after epoch e. Needs at least `minTrials` completed curves reaching epoch e.
 */
export function shouldStopEarly(curve: readonly number[], completedCurves: readonly (readonly number[])[], minTrials = 3): boolean {
  const epoch = curve.length - 1;
  if (epoch < 0) return false;
  const peers = completedCurves.filter((c) => c.length > epoch).map((c) => c[epoch]);
  if (peers.length < minTrials) return false;
  return curve[epoch] < median(peers);
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
