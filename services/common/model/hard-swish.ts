// h-swish (MobileNetV3): x · relu6(x + 3) / 6, as a registered custom layer so that a
// saved model names it and loads again. Whoever loads a saved facenas model (browser
// included) must import this module first so the class is registered. The maths is the
// engine's one-op h-swish, which is the plain tfjs composition where the engine's
// kernels are not registered.

import * as tf from '@tensorflow/tfjs';
import { hardSwish } from '../engine/kernels/activation-kernels.js';

export class HardSwish extends tf.layers.Layer {
  static readonly className = 'HardSwish';

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return hardSwish(Array.isArray(inputs) ? inputs[0] : inputs);
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }
}

tf.serialization.registerClass(HardSwish);
