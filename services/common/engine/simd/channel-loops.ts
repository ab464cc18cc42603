import type { FunctionWriter } from './wasm-assembler.js';

/**
 * Loops over [rows, C] float32 data (C % 4 == 0) that is processed per
 * channel: the elementwise passes and the per-channel sums of BatchNorm,
 * PReLU and friends.
 */

/** Rows × 4-channel groups in memory order, exposing byte offsets `row` (row·C·4) and `c` (channel·4). */
export function rowsByChannels(f: FunctionWriter, rows: number, channels: number, body: (row: number, c: number) => void): void {
  const [r, c, rowBytes, rowEnd] = [f.local(), f.local(), f.local(), f.local()];
  f.get(channels).i32(2).shl().set(rowBytes);
  f.get(rows).get(rowBytes).mul().set(rowEnd);
  f.forRange(r, () => f.i32(0), () => f.get(rowEnd), () => f.get(rowBytes), () => {
    f.forRange(c, () => f.i32(0), () => f.get(rowBytes), () => f.i32(16), () => body(r, c));
  });
}

/** Rows summed in registers per block, then added to the totals: error grows with BLOCK + rows/BLOCK, not rows. */
export const BLOCK_ROWS = 32;

export interface ColumnSum {
  /** Called once per block and channel group, before its rows (e.g. load a per-channel constant). */
  setup?: (c: number) => void;
  /** Pushes the value to add for the element at byte offset `at` (row·C·4 + c), channel group at byte offset `c`. */
  value: (at: number, c: number) => void;
  /** Base pointer (an i32 local or parameter) of this sum's [C] totals, zeroed by the caller. */
  totals: number;
}

/**
 * Per-channel sums over rows: for each block of BLOCK_ROWS rows and each
 * 4-channel group, the block's rows are summed in one v128 register per sum
 * (strided reads; the block's cache lines stay in L1 while the groups sweep
 * across them), then added to the totals.
 */
export function columnSums(f: FunctionWriter, rows: number, channels: number, sums: ColumnSum[]): void {
  const [block, blockEnd, c, at, rowBytes, end, step] = Array.from({ length: 7 }, () => f.local());
  const acc = sums.map(() => f.local('v128'));
  f.get(channels).i32(2).shl().set(rowBytes);
  f.get(rows).get(rowBytes).mul().set(end);
  f.get(rowBytes).i32(BLOCK_ROWS).mul().set(step);
  f.forRange(block, () => f.i32(0), () => f.get(end), () => f.get(step), () => {
    // blockEnd = min(block + step, end)
    f.get(block).get(step).add().tee(blockEnd);
    f.get(end);
    f.get(blockEnd).get(end).ltS().select().set(blockEnd);
    f.forRange(c, () => f.i32(0), () => f.get(rowBytes), () => f.i32(16), () => {
      sums.forEach((s, i) => {
        s.setup?.(c);
        f.zero128().set(acc[i]);
      });
      f.forRange(at, () => f.get(block).get(c).add(), () => f.get(blockEnd), () => f.get(rowBytes), () => {
        sums.forEach((s, i) => {
          f.get(acc[i]);
          s.value(at, c);
          f.f32x4Add().set(acc[i]);
        });
      });
      sums.forEach((s, i) => {
        f.get(s.totals).get(c).add();
        f.get(s.totals).get(c).add().load128();
        f.get(acc[i]).f32x4Add().store128();
      });
    });
  });
}
