import type { FunctionWriter } from './wasm-assembler.js';

/** v128 registers per wide block: 16 channels, four independent accumulation chains. */
export const WIDE = 4;

/**
 * Loops over one pixel's channels in blocks: WIDE v128 groups while 16
 * channels remain, then single groups (channels % 4 == 0). `body(c, width)`
 * emits the code for the block at byte offset `c` (a local) of `width` groups;
 * the same body is emitted twice, once per width.
 */
export function channelBlocks(f: FunctionWriter, pixelBytes: number, body: (c: number, width: number) => void): void {
  const [c, wideEnd] = [f.local(), f.local()];
  // Bytes covered by whole 16-channel blocks: pixelBytes rounded down to a multiple of 64.
  f.get(pixelBytes).i32(-64).and().set(wideEnd);
  f.forRange(c, () => f.i32(0), () => f.get(wideEnd), () => f.i32(16 * WIDE), () => body(c, WIDE));
  f.forRange(c, () => f.get(wideEnd), () => f.get(pixelBytes), () => f.i32(16), () => body(c, 1));
}

/** Sets `locals[0..width)` to zero vectors. */
export function zeroAccumulators(f: FunctionWriter, accumulators: number[], width: number): void {
  for (let i = 0; i < width; i++) f.zero128().set(accumulators[i]);
}

/** acc[i] += load(a + 16i) · load(b + 16i) for i < width; `a` and `b` are i32 locals holding byte addresses. */
export function multiplyAccumulate(f: FunctionWriter, accumulators: number[], width: number, a: number, b: number): void {
  for (let i = 0; i < width; i++) {
    f.get(accumulators[i]);
    f.get(a).load128(16 * i);
    f.get(b).load128(16 * i);
    f.f32x4Mul().f32x4Add().set(accumulators[i]);
  }
}

/** store(base + 16i) = acc[i] for i < width. */
export function storeAccumulators(f: FunctionWriter, accumulators: number[], width: number, base: number): void {
  for (let i = 0; i < width; i++) {
    f.get(base);
    f.get(accumulators[i]);
    f.store128(16 * i);
  }
}
