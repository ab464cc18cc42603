import { FunctionWriter, type KernelFunction } from './wasm-assembler.js';

/** Parameter order of `matMulTransposeA` (all i32; pointers are byte offsets into the heap). */
export const MATMUL_TRANSPOSE_A_PARAMS = ['a', 'b', 'out', 'k', 'm', 'n'] as const;

/** Rows summed in registers before the tile is added to `out`: error grows with K_BLOCK + K/K_BLOCK, not K. */
const K_BLOCK = 64;

/**
 * out[M, N] += Aᵀ·B for row-major A [K, M] and B [K, N], float32, N % 4 == 0
 * (out zeroed by the caller): a convolution's filter gradient, im2col(x)ᵀ·dy,
 * where K is every output pixel of the batch (thousands) and M, N are channels.
 *
 * Why not tfjs: its matMul has no fast transposeA path on wasm, so this took an
 * explicit transpose of the whole [K, M] matrix, then XNNPACK repacked B (the
 * [K, N] gradient) as GEMM weights on every call. Here each 4x8 (or 4x4, and
 * single-row at the edge) output tile accumulates a block of K rows in
 * registers: per row two B loads and one splatted A value per tile row.
 */
export function matMulTransposeAFunction(): KernelFunction {
  const [a, b, out, k, m, n] = [0, 1, 2, 3, 4, 5];
  const f = new FunctionWriter(MATMUL_TRANSPOSE_A_PARAMS.length);
  const [block, blockEnd, i, j, r, pa, pb, po, aRow, bRow, mMain, nMain] = Array.from({ length: 12 }, () => f.local());
  const acc = Array.from({ length: 8 }, () => f.local('v128'));
  const bv = [f.local('v128'), f.local('v128')];

  /** One tile: A columns i..i+rows × B columns j..j+4·vectors, over the current K block. */
  const tile = (rows: number, vectors: number) => {
    for (let t = 0; t < rows * vectors; t++) f.zero128().set(acc[t]);
    // pa = a + (block·M + i)·4, pb = b + (block·N + j)·4
    f.get(a).get(block).get(m).mul().get(i).add().i32(2).shl().add().set(pa);
    f.get(b).get(block).get(n).mul().get(j).add().i32(2).shl().add().set(pb);
    f.forRange(r, () => f.get(block), () => f.get(blockEnd), () => f.i32(1), () => {
      for (let v = 0; v < vectors; v++) f.get(pb).load128(16 * v).set(bv[v]);
      for (let row = 0; row < rows; row++) {
        for (let v = 0; v < vectors; v++) {
          f.get(acc[row * vectors + v]);
          f.get(pa).load32Splat(4 * row);
          f.get(bv[v]).f32x4Mul().f32x4Add().set(acc[row * vectors + v]);
        }
      }
      f.get(pa).get(aRow).add().set(pa);
      f.get(pb).get(bRow).add().set(pb);
    });
    // out[i + row, j + 4v ..] += acc, rows N·4 bytes apart
    f.get(out).get(i).get(n).mul().get(j).add().i32(2).shl().add().set(po);
    for (let row = 0; row < rows; row++) {
      for (let v = 0; v < vectors; v++) {
        f.get(po);
        f.get(po).load128(16 * v);
        f.get(acc[row * vectors + v]).f32x4Add().store128(16 * v);
      }
      if (row + 1 < rows) f.get(po).get(bRow).add().set(po);
    }
  };
  /** B columns: 8 at a time, then one group of 4 when N % 8 == 4. */
  const columns = (rows: number) => {
    f.forRange(j, () => f.i32(0), () => f.get(nMain), () => f.i32(8), () => tile(rows, 2));
    f.forRange(j, () => f.get(nMain), () => f.get(n), () => f.i32(4), () => tile(rows, 1));
  };

  f.get(m).i32(2).shl().set(aRow);
  f.get(n).i32(2).shl().set(bRow);
  f.get(m).i32(-4).and().set(mMain);
  f.get(n).i32(-8).and().set(nMain);
  f.forRange(block, () => f.i32(0), () => f.get(k), () => f.i32(K_BLOCK), () => {
    // blockEnd = min(block + K_BLOCK, K)
    f.get(block).i32(K_BLOCK).add().tee(blockEnd);
    f.get(k);
    f.get(blockEnd).get(k).ltS().select().set(blockEnd);
    f.forRange(i, () => f.i32(0), () => f.get(mMain), () => f.i32(4), () => columns(4));
    f.forRange(i, () => f.get(mMain), () => f.get(m), () => f.i32(1), () => columns(1));
  });
  return { name: 'matMulTransposeA', params: MATMUL_TRANSPOSE_A_PARAMS.length, writer: f };
}
