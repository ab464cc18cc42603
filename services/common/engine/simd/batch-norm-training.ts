import { columnSums, rowsByChannels } from './channel-loops.js';
import { FunctionWriter, type KernelFunction } from './wasm-assembler.js';

/**
 * The passes of a training-mode BatchNorm over [rows, C] float32 data
 * (C % 4 == 0). The per-channel arithmetic between passes (C numbers) is done
 * by the caller; these are the full-size sweeps: two reads for the batch
 * statistics and one read + write for the output forward, one read of dy and
 * x for the sums and one read + write for dx backward.
 */

/** sum[c] = Σ_rows x[r, c]. params: x, sum, rows, channels (sum zeroed by the caller) */
export function columnSumFunction(): KernelFunction {
  const f = new FunctionWriter(4);
  const [x, sum, rows, channels] = [0, 1, 2, 3];
  columnSums(f, rows, channels, [{ totals: sum, value: (at) => f.get(x).get(at).add().load128() }]);
  return { name: 'columnSum', params: 4, writer: f };
}

/** out[c] = Σ_rows (x[r, c] − mean[c])². params: x, mean, out, rows, channels (out zeroed by the caller) */
export function columnSquaredDeviationFunction(): KernelFunction {
  const f = new FunctionWriter(5);
  const [x, mean, out, rows, channels] = [0, 1, 2, 3, 4];
  const m = f.local('v128');
  const d = f.local('v128');
  columnSums(f, rows, channels, [
    {
      totals: out,
      setup: (c) => f.get(mean).get(c).add().load128().set(m),
      value: (at) => {
        f.get(x).get(at).add().load128().get(m).f32x4Sub().tee(d);
        f.get(d).f32x4Mul();
      },
    },
  ]);
  return { name: 'columnSquaredDeviation', params: 5, writer: f };
}

/**
 * sumDy[c] = Σ dy, sumDyXm[c] = Σ dy·(x − mean[c]).
 * params: dy, x, mean, sumDy, sumDyXm, rows, channels (sums zeroed by the caller)
 */
export function batchNormGradientSumsFunction(): KernelFunction {
  const f = new FunctionWriter(7);
  const [dy, x, mean, sumDy, sumDyXm, rows, channels] = [0, 1, 2, 3, 4, 5, 6];
  const m = f.local('v128');
  columnSums(f, rows, channels, [
    { totals: sumDy, value: (at) => f.get(dy).get(at).add().load128() },
    {
      totals: sumDyXm,
      setup: (c) => f.get(mean).get(c).add().load128().set(m),
      value: (at) => {
        f.get(x).get(at).add().load128().get(m).f32x4Sub();
        f.get(dy).get(at).add().load128().f32x4Mul();
      },
    },
  ]);
  return { name: 'batchNormGradientSums', params: 7, writer: f };
}

/** out = a·u[c] + v[c] (+ b·w[c] when `twoInputs`). */
function affineFunction(name: string, twoInputs: boolean): KernelFunction {
  const params = twoInputs ? 8 : 6;
  const f = new FunctionWriter(params);
  // (a, u, [b, w,] v, out, rows, channels)
  const [a, u, b, w] = [0, 1, 2, 3];
  const [v, out, rows, channels] = twoInputs ? [4, 5, 6, 7] : [2, 3, 4, 5];
  rowsByChannels(f, rows, channels, (row, c) => {
    f.get(out).get(row).add().get(c).add();
    f.get(a).get(row).add().get(c).add().load128();
    f.get(u).get(c).add().load128().f32x4Mul();
    if (twoInputs) {
      f.get(b).get(row).add().get(c).add().load128();
      f.get(w).get(c).add().load128().f32x4Mul().f32x4Add();
    }
    f.get(v).get(c).add().load128().f32x4Add();
    f.store128();
  });
  return { name, params, writer: f };
}

/** y = x·scale[c] + shift[c]. params: x, scale, shift, y, rows, channels */
export function scaleShiftFunction(): KernelFunction {
  return affineFunction('scaleShift', false);
}

/** dx = dy·p[c] + x·q[c] + r[c]. params: dy, p, x, q, r, dx, rows, channels */
export function twoInputAffineFunction(): KernelFunction {
  return affineFunction('twoInputAffine', true);
}
