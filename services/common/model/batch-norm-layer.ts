// BatchNormalization whose training-mode forward is the engine's one-op BatchNorm
// (engine/kernels/batch-norm-training.ts) instead of tf.layers' moments + batchNorm,
// whose gradient costs a dozen full-size ops. It is the stock layer in every other
// respect: same class name, config and weights, so a saved model names a plain
// BatchNormalization and loads in stock tfjs; inference is the stock code.

import * as tf from '@tensorflow/tfjs';
import { batchNormTraining } from '../engine/kernels/batch-norm-training.js';

type StockBatchNorm = ReturnType<typeof tf.layers.batchNormalization>;
type BatchNormArgs = NonNullable<Parameters<typeof tf.layers.batchNormalization>[0]>;
type Kwargs = Parameters<tf.layers.Layer['call']>[1];

/** tfjs exports the factory, not the class: take the class from the registry it deserialises with. */
const StockBatchNormalization = tf.serialization.SerializationMap.getMap().classNameMap.BatchNormalization[0] as unknown as new (
  args?: BatchNormArgs,
) => StockBatchNorm;

/** The stock layer's private state that training mode needs. */
interface BatchNormState {
  axis: number;
  momentum: number;
  epsilon: number;
  center: boolean;
  scale: boolean;
  gamma: tf.LayerVariable;
  beta: tf.LayerVariable;
  movingMean: tf.LayerVariable;
  movingVariance: tf.LayerVariable;
}

export class TrainingBatchNormalization extends StockBatchNormalization {
  static className = 'BatchNormalization';

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    const state = this as unknown as BatchNormState;
    const channelsLast = state.axis === -1 || state.axis === x.rank - 1;
    if (kwargs.training !== true || !channelsLast || !state.center || !state.scale) return super.call(inputs, kwargs);
    return tf.tidy(() => {
      const { y, mean, variance } = batchNormTraining(x, state.gamma.read() as tf.Tensor1D, state.beta.read() as tf.Tensor1D, state.epsilon);
      // The moving averages exactly as tf.layers updates them: v ← v − (v − batch)·(1 − momentum).
      for (const [variable, batch] of [[state.movingMean, mean], [state.movingVariance, variance]] as const) {
        const current = variable.read();
        variable.write(tf.sub(current, tf.mul(tf.sub(current, batch), 1 - state.momentum)));
      }
      return y;
    });
  }
}
