// Adam (Kingma & Ba) over a fixed list of tf.Variables, with its moments and step
// count readable and restorable so a resumed search continues the same trajectory
// (tf.train.adam keeps them in internal variables with generated names).

import * as tf from '@tensorflow/tfjs';

export const ADAM_BETA1 = 0.9;
export const ADAM_BETA2 = 0.999;
export const ADAM_EPSILON = 1e-8;

export interface AdamMoments {
  step: number;
  m: Float32Array[];
  v: Float32Array[];
}

export class Adam {
  private step: number;
  private m: tf.Tensor[];
  private v: tf.Tensor[];

  constructor(
    private readonly learningRate: number,
    private readonly variables: readonly tf.Variable[],
    restored?: AdamMoments,
  ) {
    if (restored && (restored.m.length !== variables.length || restored.v.length !== variables.length)) {
      throw new RangeError(`Adam moments for ${restored.m.length}/${restored.v.length} variables, policy has ${variables.length}`);
    }
    this.step = restored?.step ?? 0;
    this.m = variables.map((variable, i) => (restored ? tf.tensor(restored.m[i], variable.shape, 'float32') : tf.zerosLike(variable)));
    this.v = variables.map((variable, i) => (restored ? tf.tensor(restored.v[i], variable.shape, 'float32') : tf.zerosLike(variable)));
  }

  /** One update with `gradients` (same order as the variables). */
  apply(gradients: readonly tf.Tensor[]): void {
    this.step += 1;
    const correction1 = 1 - Math.pow(ADAM_BETA1, this.step);
    const correction2 = 1 - Math.pow(ADAM_BETA2, this.step);
    this.variables.forEach((variable, i) => {
      const [m, v] = tf.tidy(() => {
        const g = gradients[i];
        const mNext = tf.add(tf.mul(this.m[i], ADAM_BETA1), tf.mul(g, 1 - ADAM_BETA1));
        const vNext = tf.add(tf.mul(this.v[i], ADAM_BETA2), tf.mul(tf.square(g), 1 - ADAM_BETA2));
        const update = tf.div(tf.div(mNext, correction1), tf.add(tf.sqrt(tf.div(vNext, correction2)), ADAM_EPSILON));
        variable.assign(tf.sub(variable, tf.mul(update, this.learningRate)));
        return [mNext, vNext];
      });
      tf.dispose([this.m[i], this.v[i]]);
      this.m[i] = m;
      this.v[i] = v;
    });
  }

  moments(): AdamMoments {
    return {
      step: this.step,
      m: this.m.map((t) => Float32Array.from(t.dataSync() as Float32Array)),
      v: this.v.map((t) => Float32Array.from(t.dataSync() as Float32Array)),
    };
  }

  dispose(): void {
    tf.dispose([...this.m, ...this.v]);
  }
}
