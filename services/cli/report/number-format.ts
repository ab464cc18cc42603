// How numbers read in the report. Absent or non-finite values print as a dash, so a
// NaN from a broken trial never reaches the page as "NaN".

export const MISSING = '—';

function shown(value: number | undefined): value is number {
  return value !== undefined && Number.isFinite(value);
}

/** Fixed decimals, without the "-0" that toFixed gives small negatives. */
export function formatFixed(value: number | undefined, decimals: number): string {
  if (!shown(value)) return MISSING;
  const text = value.toFixed(decimals);
  return Number(text) === 0 ? (0).toFixed(decimals) : text;
}

/** A fraction as a percentage: 0.8734 → "87.34%". */
export function formatPercent(fraction: number | undefined, decimals = 2): string {
  return shown(fraction) ? `${formatFixed(fraction * 100, decimals)}%` : MISSING;
}

/** Milliseconds with two decimals below 10 ms and one above: "7.25 ms", "21.4 ms". */
export function formatMs(ms: number | undefined): string {
  return shown(ms) ? `${formatFixed(ms, Math.abs(ms) < 10 ? 2 : 1)} ms` : MISSING;
}

/** A count in millions: 1022720 → "1.02 M". */
export function formatMillions(count: number | undefined): string {
  return shown(count) ? `${formatFixed(count / 1e6, 2)} M` : MISSING;
}

export function formatReward(reward: number | undefined): string {
  return formatFixed(reward, 4);
}

/** A wall-clock time in UTC, independent of the machine's locale and zone. */
export function formatUtc(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** A duration as hours/minutes/seconds: 3725000 → "1 h 02 min", 65000 → "1 min 05 s". */
export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  const h = Math.floor(seconds / 3600);
  const min = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (h > 0) return `${h} h ${String(min).padStart(2, '0')} min`;
  if (min > 0) return `${min} min ${String(s).padStart(2, '0')} s`;
  return `${s} s`;
}
