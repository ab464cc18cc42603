import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc } from '@tensorflow/tfjs-core';
import { sumToChannels } from './channel-sum.js';
import { convGeometry } from './conv-geometry.js';
import { convTaps, spreadGradient, unitStridePadding } from './conv-taps.js';
import { depthwiseSimd } from './depthwise-simd.js';
import { opKernel } from './op-kernel.js';

function requireMultiplierOne(filterShape: readonly number[]): void {
  if (filterShape[3] !== 1) throw new Error('engine depthwise gradients support channel multiplier 1 only');
}

/** dW[kh, kw, c] = Σ tap(kh, kw)·dy from ops: the path for channel counts SIMD does not cover. */
const filterGradientFromOps = opKernel(({ x, dy }, attrs) => {
  const filterShape = attrs.filterShape as [number, number, number, number];
  const g = convGeometry(x.shape, filterShape, attrs, true);
  const taps = convTaps(x as tf.Tensor4D, g);
  return tf.reshape(tf.stack(taps.map((t) => sumToChannels(tf.mul(t, dy)))), filterShape);
});

/**
 * DepthwiseConv2dNativeBackpropFilter, missing on wasm: the same sum in one
 * pass of our SIMD kernel over the backend's heap (~15x fewer passes over
 * memory than per-tap ops).
 */
export const depthwiseBackpropFilterKernel: Omit<KernelConfig, 'backendName'> = {
  kernelName: 'DepthwiseConv2dNativeBackpropFilter',
  kernelFunc: (args) => {
    const filterShape = args.attrs?.filterShape as [number, number, number, number];
    requireMultiplierOne(filterShape);
    const x = args.inputs.x as tf.TensorInfo;
    const g = convGeometry(x.shape, filterShape, args.attrs ?? {}, true);
    return depthwiseSimd('depthwiseFilterGradient', args.backend, x, args.inputs.dy as tf.TensorInfo, filterShape, g, true) ?? filterGradientFromOps(args);
  },
};

/** Input gradient from ops: depthwise conv of the spread gradient with the flipped filter. */
const inputGradientFromOps = opKernel(({ dy, filter }, attrs) => {
  const inputShape = attrs.inputShape as [number, number, number, number];
  const g = convGeometry(inputShape, filter.shape, attrs, true);
  const flipped = tf.reverse(filter, [0, 1]) as tf.Tensor4D;
  const padding = unitStridePadding(g, dy as tf.Tensor4D);
  if (padding !== undefined) return tf.depthwiseConv2d(dy as tf.Tensor4D, flipped, 1, padding);
  return tf.depthwiseConv2d(spreadGradient(dy as tf.Tensor4D, g), flipped, 1, 'valid');
});

/**
 * DepthwiseConv2dNativeBackpropInput, missing on wasm: one SIMD gather pass
 * (no flipped filter, no zero-spread dy for stride 2), else the op path.
 */
export const depthwiseBackpropInputKernel: Omit<KernelConfig, 'backendName'> = {
  kernelName: 'DepthwiseConv2dNativeBackpropInput',
  kernelFunc: ((args) => {
    const filter = args.inputs.filter as tf.TensorInfo;
    requireMultiplierOne(filter.shape);
    const inputShape = args.attrs?.inputShape as [number, number, number, number];
    const g = convGeometry(inputShape, filter.shape, args.attrs ?? {}, true);
    return depthwiseSimd('depthwiseInputGradient', args.backend, args.inputs.dy as tf.TensorInfo, filter, inputShape, g) ?? inputGradientFromOps(args);
  }) as KernelFunc,
};
