import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { simdKernelsFor } from '../simd/simd-kernels.js';
import { type ConvGeometry, convGeometry } from './conv-geometry.js';
import { col2im, im2col } from './im2col.js';
import { opKernel } from './op-kernel.js';
import { wasmHeap } from './wasm-heap.js';

/** A 1x1 unit-stride unpadded conv is a plain GEMM over pixels: no im2col. */
function isPointwise(g: ConvGeometry): boolean {
  return g.filterHeight === 1 && g.filterWidth === 1 && g.strideHeight === 1 && g.strideWidth === 1 && g.padTop === 0 && g.padLeft === 0;
}

/** dW = im2col(x)ᵀ · dy from ops, for backends and shapes the SIMD GEMM does not cover. */
const filterGradientFromOps = opKernel(({ x, dy }, attrs) => {
  const filterShape = attrs.filterShape as [number, number, number, number];
  const g = convGeometry(x.shape, filterShape, attrs, false);
  const [kh, kw, ci, co] = filterShape;
  const rows = g.batch * g.outHeight * g.outWidth;
  const cols = isPointwise(g) ? tf.reshape(x, [rows, ci]) : tf.tensor2d(im2col(x.dataSync() as Float32Array, g), [rows, kh * kw * ci]);
  // matMul with transposeA is ~2-10x slower on wasm than an explicit 2-D transpose + plain matMul.
  return tf.reshape(tf.matMul(tf.transpose(cols), tf.reshape(dy, [rows, co])), filterShape);
});

/**
 * Conv2DBackpropFilter, missing on wasm: dW = im2col(x)ᵀ · dy in one pass of
 * our SIMD Aᵀ·B kernel over the heap (no transpose of the [pixels, K·C]
 * matrix, no repacking of dy); the columns are x itself for a 1x1 conv.
 */
export const conv2dBackpropFilterKernel: Omit<KernelConfig, 'backendName'> = {
  kernelName: 'Conv2DBackpropFilter',
  kernelFunc: ((args) => {
    const x = args.inputs.x as TensorInfo;
    const dy = args.inputs.dy as TensorInfo;
    const filterShape = args.attrs?.filterShape as [number, number, number, number];
    const heap = wasmHeap();
    const [kh, kw, ci, co] = filterShape;
    if (heap === undefined || args.backend !== heap.backend || co % 4 !== 0 || x.dtype !== 'float32' || dy.dtype !== 'float32') {
      return filterGradientFromOps(args);
    }
    const g = convGeometry(x.shape, filterShape, args.attrs ?? {}, false);
    const wasm = args.backend as BackendWasm;
    const offset = (t: TensorInfo) => wasm.dataIdMap.get(t.dataId).memoryOffset;
    const rows = g.batch * g.outHeight * g.outWidth;
    const depth = kh * kw * ci;
    const out = wasm.makeOutput(filterShape, 'float32');
    let cols = x;
    if (!isPointwise(g)) {
      cols = wasm.makeOutput([rows, depth], 'float32');
      const values = im2col(new Float32Array(heap.memory.buffer, offset(x), tf.util.sizeFromShape(x.shape)), g);
      new Float32Array(heap.memory.buffer, offset(cols), values.length).set(values);
    }
    new Float32Array(heap.memory.buffer, offset(out), depth * co).fill(0);
    simdKernelsFor(heap.memory).matMulTransposeA(offset(cols), offset(dy), offset(out), rows, depth, co);
    if (cols !== x) wasm.disposeData(cols.dataId);
    return out;
  }) as KernelFunc,
};

/**
 * Conv2DBackpropInput: the wasm kernel is a slow scalar loop. dcols = dy · Wᵀ
 * (one GEMM, XNNPACK), which for a 1x1 unit-stride conv is the input gradient
 * itself, else folded back onto the pixels (col2im). A conv of the zero-spread
 * gradient did 4x the multiply-adds at stride 2 and copied dy into a padded tensor.
 */
export const conv2dBackpropInputKernel: Omit<KernelConfig, 'backendName'> = {
  kernelName: 'Conv2DBackpropInput',
  kernelFunc: opKernel(({ dy, filter }, attrs) => {
    const inputShape = attrs.inputShape as [number, number, number, number];
    const g = convGeometry(inputShape, filter.shape, attrs, false);
    const [kh, kw, ci, co] = filter.shape as [number, number, number, number];
    const wT = tf.transpose(tf.reshape(filter, [kh * kw * ci, co]));
    const dcols = tf.matMul(tf.reshape(dy, [-1, co]), wT);
    if (isPointwise(g)) return tf.reshape(dcols, inputShape);
    return tf.tensor4d(col2im(dcols.dataSync() as Float32Array, g), inputShape);
  }),
};
