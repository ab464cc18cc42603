import * as tf from '@tensorflow/tfjs';
import type { GradConfig } from '@tensorflow/tfjs-core';
import { PRELU_GRAD } from './channel-gradient-kernels.js';
import { sumToShape } from './channel-sum.js';


/**
 * PReLU gradient from Step and arithmetic instead of Greater/Select/ZerosLike
 * (slow on wasm): dx = dy·(α + (1−α)·step(x)), dα = Σ dy·min(x, 0) with
 * min(x, 0) = x − relu(x).
 */
export const preluGradient: GradConfig = {
  kernelName: 'Prelu',
  inputsToSave: ['x', 'alpha'],
  gradFunc: (dy, saved) => {
    const dyT = dy as tf.Tensor;
    const [x, alpha] = saved;
    const channels = x.shape[x.rank - 1];
    if (alpha.size === channels && alpha.shape[alpha.rank - 1] === channels) {
      // One per-channel pass (SIMD on wasm) for both gradients.
      const [dx, sumDyMin] = tf.engine().runKernel(PRELU_GRAD, { x, dy: dyT, alpha: tf.reshape(alpha, [channels]) }) as tf.Tensor[];
      return { x: () => dx, alpha: () => tf.reshape(sumDyMin, alpha.shape) };
    }
    return {
      x: () => tf.mul(dyT, tf.add(tf.mul(tf.step(x), tf.sub(tf.scalar(1), alpha)), alpha)),
      alpha: () => sumToShape(tf.mul(dyT, tf.sub(x, tf.relu(x))), alpha.shape),
    };
  },
};
