// h-swish (MobileNetV3): x · relu6(x + 3) / 6, as a registered custom layer so that a
// saved model names it and loads again. Whoever loads a saved facenas model (browser
// included) must import this module first so the class is registered.

import * as tf from '@tensorflow/tfjs';

export class HardSwish extends tf.layers.Layer {
  static readonly className = 'HardSwish';

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      return tf.mul(x, tf.mul(tf.relu6(tf.add(x, 3)), 1 / 6));
    });
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }
}

tf.serialization.registerClass(HardSwish);
