import * as tf from '@tensorflow/tfjs';
import { sgdMomentumStep } from './kernels/sgd-momentum-kernel.js';

export interface SgdMomentumOptions {
  learningRate: number;
  momentum: number;
  weightDecay: number;
}

/**
 * SGD with momentum and coupled L2 weight decay, PyTorch's formulation:
 * g ← g + λ·w (decayed variables only), v ← μ·v + g, w ← w − lr·v.
 */
export class SgdMomentum {
  private readonly velocity = new Map<tf.Variable, tf.Variable>();

  constructor(
    private options: SgdMomentumOptions,
    private readonly decayed: ReadonlySet<tf.Variable>,
  ) {}

  setLearningRate(learningRate: number): void {
    this.options = { ...this.options, learningRate };
  }

  get learningRate(): number {
    return this.options.learningRate;
  }

  /** Applies one update; `gradients` are not disposed. */
  apply(gradients: ReadonlyMap<tf.Variable, tf.Tensor>): void {
    const { learningRate, momentum, weightDecay } = this.options;
    tf.tidy(() => {
      for (const [variable, gradient] of gradients) {
        let v = this.velocity.get(variable);
        if (v === undefined) {
          v = tf.variable(tf.zerosLike(variable), false);
          this.velocity.set(variable, v);
        }
        const decay = this.decayed.has(variable) ? weightDecay : 0;
        const [w, velocity] = sgdMomentumStep(variable, v, gradient, { learningRate, momentum, weightDecay: decay });
        v.assign(velocity);
        variable.assign(w);
      }
    });
  }

  dispose(): void {
    for (const v of this.velocity.values()) v.dispose();
    this.velocity.clear();
  }
}
