import * as tf from '@tensorflow/tfjs';
import type { GradConfig, KernelConfig } from '@tensorflow/tfjs-core';
import { BATCH_NORM_GRAD } from './channel-gradient-kernels.js';
import { sumToShape } from './channel-sum.js';
import { opKernel } from './op-kernel.js';

/** Per-channel scale r·γ and shift β − μ·r·γ, so the big tensor sees one multiply and one add. */
export const fusedBatchNormKernel: Omit<KernelConfig, 'backendName'> = {
  kernelName: 'FusedBatchNorm',
  kernelFunc: opKernel(({ x, mean, variance, offset, scale }, attrs) => {
    const epsilon = attrs.varianceEpsilon as number;
    let factor: tf.Tensor = tf.rsqrt(tf.add(variance, tf.scalar(epsilon)));
    if (scale !== undefined) factor = tf.mul(factor, scale);
    let shift: tf.Tensor = tf.neg(tf.mul(mean, factor));
    if (offset !== undefined) shift = tf.add(shift, offset);
    return tf.add(tf.mul(x, factor), shift);
  }),
};


/**
 * FusedBatchNorm gradient without Tile (slow on wasm): dx = dy·rγ, Σdy and
 * Σdy·(x−μ) come from one per-channel pass (SIMD on wasm) and are shared by
 * the four parameter gradients (each gradient closure runs in its own tidy).
 */
export const fusedBatchNormGradient: GradConfig = {
  kernelName: 'FusedBatchNorm',
  inputsToSave: ['x', 'mean', 'variance', 'scale'],
  gradFunc: (dy, saved, attrs) => {
    const dyT = dy as tf.Tensor;
    const [x, mean, variance, scale] = saved;
    const epsilon = (attrs as { varianceEpsilon: number }).varianceEpsilon;
    const r = tf.rsqrt(tf.add(variance, tf.scalar(epsilon)));
    const gamma = scale ?? tf.scalar(1);
    const rGamma = tf.mul(r, gamma);
    const channels = x.shape[x.rank - 1];
    const perChannel = mean.size === channels && mean.shape[mean.rank - 1] === channels && rGamma.size === channels;
    let dx: tf.Tensor;
    let sumDy: tf.Tensor;
    let sumDyXm: tf.Tensor;
    if (perChannel) {
      const flat = (t: tf.Tensor) => tf.reshape(t, [channels]);
      [dx, sumDy, sumDyXm] = tf.engine().runKernel(BATCH_NORM_GRAD, { x, dy: dyT, mean: flat(mean), rg: flat(rGamma) }) as tf.Tensor[];
      sumDy = tf.reshape(sumDy, mean.shape);
      sumDyXm = tf.reshape(sumDyXm, mean.shape);
    } else {
      dx = tf.mul(dyT, rGamma);
      sumDy = sumToShape(dyT, mean.shape);
      sumDyXm = sumToShape(tf.mul(dyT, tf.sub(x, mean)), mean.shape);
    }
    return {
      x: () => dx,
      mean: () => tf.neg(tf.mul(sumDy, rGamma)),
      variance: () => tf.mul(sumDyXm, tf.mul(tf.mul(gamma, tf.pow(r, tf.scalar(3))), tf.scalar(-0.5))),
      scale: () => tf.reshape(tf.mul(sumDyXm, r), mean.shape),
      offset: () => sumDy,
    };
  },
};
