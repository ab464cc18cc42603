import * as tf from '@tensorflow/tfjs';
import type { KernelConfig } from '@tensorflow/tfjs-core';
import { convGeometry } from './conv-geometry.js';
import { convTaps, spreadGradient, unitStridePadding } from './conv-taps.js';
import { opKernel } from './op-kernel.js';

/**
 * Conv2DBackpropFilter, missing on wasm: dW = im2col(x)ᵀ · dy, one GEMM.
 * A 1x1 unit-stride unpadded conv needs no im2col at all.
 */
export const conv2dBackpropFilterKernel: Omit<KernelConfig, 'backendName'> = {
  kernelName: 'Conv2DBackpropFilter',
  kernelFunc: opKernel(({ x, dy }, attrs) => {
    const filterShape = attrs.filterShape as [number, number, number, number];
    const g = convGeometry(x.shape, filterShape, attrs, false);
    const [kh, kw, ci, co] = filterShape;
    const rows = g.batch * g.outHeight * g.outWidth;
    const dy2d = tf.reshape(dy, [rows, co]);
    let cols: tf.Tensor;
    if (kh === 1 && kw === 1 && g.strideHeight === 1 && g.strideWidth === 1 && g.padTop === 0 && g.padLeft === 0) {
      cols = tf.reshape(x, [rows, ci]);
    } else {
      const taps = convTaps(x as tf.Tensor4D, g);
      cols = tf.reshape(taps.length === 1 ? taps[0] : tf.concat(taps, 3), [rows, kh * kw * ci]);
    }
    // matMul with transposeA is ~2-10x slower on wasm than an explicit 2-D transpose + plain matMul.
    return tf.reshape(tf.matMul(tf.transpose(cols), dy2d), filterShape);
  }),
};

/**
 * Conv2DBackpropInput: the wasm kernel is a slow scalar loop. A 1x1
 * unit-stride conv's input gradient is dy · Wᵀ; otherwise a unit-stride VALID
 * conv of the spread gradient with the flipped, in/out-swapped filter (XNNPACK).
 */
export const conv2dBackpropInputKernel: Omit<KernelConfig, 'backendName'> = {
  kernelName: 'Conv2DBackpropInput',
  kernelFunc: opKernel(({ dy, filter }, attrs) => {
    const inputShape = attrs.inputShape as [number, number, number, number];
    const g = convGeometry(inputShape, filter.shape, attrs, false);
    const [kh, kw, ci, co] = filter.shape as [number, number, number, number];
    if (kh === 1 && kw === 1 && g.strideHeight === 1 && g.strideWidth === 1 && g.padTop === 0 && g.padLeft === 0) {
      const wT = tf.transpose(tf.reshape(filter, [ci, co]));
      return tf.reshape(tf.matMul(tf.reshape(dy, [-1, co]), wT), inputShape);
    }
    const flipped = tf.transpose(tf.reverse(filter, [0, 1]), [0, 1, 3, 2]) as tf.Tensor4D;
    const padding = unitStridePadding(g, dy as tf.Tensor4D);
    if (padding !== undefined) return tf.conv2d(dy as tf.Tensor4D, flipped, 1, padding);
    return tf.conv2d(spreadGradient(dy as tf.Tensor4D, g), flipped, 1, 'valid');
  }),
};
