import { rowsByChannels } from './channel-loops.js';
import { FunctionWriter, type KernelFunction } from './wasm-assembler.js';

/**
 * Per-channel gradient passes over [rows, C] float32 data (C % 4 == 0), one
 * read of x and dy each instead of the five or six full-size elementwise ops
 * the op-level gradients take. Sums must be zeroed by the caller.
 */

/** acc[c] += value (value on the stack top is consumed; address computed from base + c). */
function accumulate(f: FunctionWriter, base: number, c: number, value: () => void): void {
  f.get(base).get(c).add();
  f.get(base).get(c).add().load128();
  value();
  f.f32x4Add().store128();
}

/**
 * BatchNorm backward core: dx = dy·rg[c]; sumDy[c] += dy; sumDyXm[c] += dy·(x − mean[c]).
 * params: x, dy, dx, mean, rg, sumDy, sumDyXm, rows, channels
 */
export function batchNormGradientFunction(): KernelFunction {
  const f = new FunctionWriter(9);
  const [x, dy, dx, mean, rg, sumDy, sumDyXm, rows, channels] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const dyv = f.local('v128');
  rowsByChannels(f, rows, channels, (row, c) => {
    f.get(dy).get(row).add().get(c).add().load128().set(dyv);
    // dx
    f.get(dx).get(row).add().get(c).add();
    f.get(dyv).get(rg).get(c).add().load128().f32x4Mul().store128();
    accumulate(f, sumDy, c, () => f.get(dyv));
    accumulate(f, sumDyXm, c, () => {
      f.get(x).get(row).add().get(c).add().load128();
      f.get(mean).get(c).add().load128().f32x4Sub();
      f.get(dyv).f32x4Mul();
    });
  });
  return { name: 'batchNormGradient', params: 9, writer: f };
}

/**
 * PReLU backward: dx = x > 0 ? dy : α[c]·dy; sumDyMin[c] += dy·min(x, 0).
 * params: x, dy, alpha, dx, sumDyMin, rows, channels
 */
export function preluGradientFunction(): KernelFunction {
  const f = new FunctionWriter(7);
  const [x, dy, alpha, dx, sumDyMin, rows, channels] = [0, 1, 2, 3, 4, 5, 6];
  const [xv, dyv] = [f.local('v128'), f.local('v128')];
  rowsByChannels(f, rows, channels, (row, c) => {
    f.get(x).get(row).add().get(c).add().load128().set(xv);
    f.get(dy).get(row).add().get(c).add().load128().set(dyv);
    f.get(dx).get(row).add().get(c).add();
    f.get(dyv);
    f.get(dyv).get(alpha).get(c).add().load128().f32x4Mul();
    f.get(xv).zero128().f32x4Gt();
    f.bitselect().store128();
    accumulate(f, sumDyMin, c, () => {
      f.get(xv).zero128().f32x4Min().get(dyv).f32x4Mul();
    });
  });
  return { name: 'preluGradient', params: 7, writer: f };
}
