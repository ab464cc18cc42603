// The summary the fault suite prints: one row per injected fault.

export interface FaultRow {
  fault: string;
  recovered: boolean;
  /** How long the test kept the part down (kill to restart); null when nothing was restarted. */
  outageMs: number | null;
  /**
   * From the end of the outage (the replacement process being started; for a fault with
   * no restart, the injection itself) to the moment named in `recoveredWhen`; null when
   * it never recovered.
   */
  recoverMs: number | null;
  /** What "recovered" was measured to (differs per fault). */
  recoveredWhen: string;
  trialsLost: number;
  /** Why it did not recover, or notes (attempts, retries). */
  detail: string;
}

export function formatFaultTable(rows: readonly FaultRow[]): string {
  const seconds = (ms: number | null) => (ms === null ? '-' : `${(ms / 1000).toFixed(1)} s`);
  const header = ['fault', 'recovered', 'outage', 'time to recover', 'trials lost', 'recovery measured to', 'detail'];
  const cells = rows.map((r) => [r.fault, r.recovered ? 'yes' : 'no', seconds(r.outageMs), seconds(r.recoverMs), String(r.trialsLost), r.recoveredWhen, r.detail]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => `| ${c.map((x, i) => x.padEnd(widths[i])).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.map(line)].join('\n');
}
