import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc } from '@tensorflow/tfjs-core';
import { opKernel } from './op-kernel.js';

/** The last two axes swapped; without batch axes of size > 1 as a plain 2-D transpose (the fast one on wasm). */
function transposeInner(t: tf.Tensor): tf.Tensor {
  const rank = t.rank;
  const [rows, cols] = t.shape.slice(-2);
  const batch = t.shape.slice(0, -2);
  if (batch.every((d) => d === 1)) return tf.reshape(tf.transpose(tf.reshape(t, [rows, cols])), [...batch, cols, rows]);
  return tf.transpose(t, [...batch.keys(), rank - 1, rank - 2]);
}

/**
 * BatchMatMul on wasm with transposeA/transposeB done as an explicit transpose
 * first: the wasm kernel's transposed paths ran 4-15x slower than transpose +
 * plain GEMM for the dense layers' gradients (dA = dC·Bᵀ, dB = Aᵀ·dC), which
 * tfjs's MatMul and fused-MatMul gradients request. Plain products go straight
 * to the original kernel.
 */
export function batchMatMulKernel(original: KernelConfig): Omit<KernelConfig, 'backendName'> {
  const explicit = opKernel(({ a, b }, attrs) =>
    tf.matMul(attrs.transposeA === true ? transposeInner(a) : a, attrs.transposeB === true ? transposeInner(b) : b),
  );
  const kernelFunc: KernelFunc = (args) => {
    const { transposeA, transposeB } = (args.attrs ?? {}) as { transposeA?: boolean; transposeB?: boolean };
    if (transposeA !== true && transposeB !== true) return original.kernelFunc(args);
    return explicit(args);
  };
  return { kernelName: 'BatchMatMul', kernelFunc, setupFunc: original.setupFunc, disposeFunc: original.disposeFunc };
}
