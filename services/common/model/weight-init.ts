// Deterministic initialisation from a seed, independent of the tfjs backend: Kaiming
// normal with fan_out like torchvision's MobileNet/MnasNet (std = sqrt(2 / fan_out)),
// dense layers treated as 1x1 convolutions, biases 0. BN (gamma 1, beta 0, mean 0,
// var 1) and PReLU (0.25) keep their initialisers.
//
// One deliberate difference: PyTorch counts a depthwise kernel's fan_out as
// channels × k², which shrinks activations by a factor of ~channels at every depthwise
// layer until BN has statistics; an untrained model then outputs ~1e-20 and its latency
// can be distorted by denormal floats. The true fan_out of a depthwise kernel (each
// input feeds k² outputs) is k², which is what we use.

import * as tf from '@tensorflow/tfjs';
import { Rng } from '../random/rng.js';

/** N(0, std²) samples; Box–Muller using both outputs of each pair (init is most of a build's time). */
function normal(rng: Rng, count: number, std: number): Float32Array {
  const values = new Float32Array(count);
  for (let i = 0; i < count; i += 2) {
    const radius = std * Math.sqrt(-2 * Math.log(1 - rng.next()));
    const angle = 2 * Math.PI * rng.next();
    values[i] = radius * Math.cos(angle);
    if (i + 1 < count) values[i + 1] = radius * Math.sin(angle);
  }
  return values;
}

/** Standard deviation for a kernel of this layer class and shape, or null if not a kernel. */
function kaimingStd(className: string, shape: number[]): number | null {
  switch (className) {
    case 'Conv2D': // [kh, kw, in, out]
      return Math.sqrt(2 / (shape[0] * shape[1] * shape[3]));
    case 'DepthwiseConv2D': // [kh, kw, channels, 1]
      return Math.sqrt(2 / (shape[0] * shape[1] * shape[3]));
    case 'Dense': // [in, out]
      return Math.sqrt(2 / shape[1]);
    default:
      return null;
  }
}

/** A seed from the platform's random source, for callers that give none. */
export function randomSeed(): number {
  return globalThis.crypto.getRandomValues(new Uint32Array(1))[0];
}

/** Overwrites every conv/depthwise/dense kernel of the model from `seed` (biases set to 0). */
export function initializeWeights(model: tf.LayersModel, seed: number): void {
  const rng = new Rng(seed);
  for (const layer of model.layers) {
    const className = layer.getClassName();
    if (kaimingStd(className, [1, 1, 1, 1]) === null) continue;
    const values = layer.getWeights().map((w, i) => {
      const std = i === 0 ? kaimingStd(className, w.shape) : null;
      return std === null ? tf.zerosLike(w) : tf.tensor(normal(rng, w.size, std), w.shape);
    });
    layer.setWeights(values);
    tf.dispose(values);
  }
}
