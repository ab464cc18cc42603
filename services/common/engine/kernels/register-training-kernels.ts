import * as tf from '@tensorflow/tfjs';
import type { GradConfig } from '@tensorflow/tfjs-core';
import { fusedBatchNormGradient, fusedBatchNormKernel } from './batch-norm.js';
import { channelGradientKernels } from './channel-gradient-kernels.js';
import { conv2dBackpropFilterKernel, conv2dBackpropInputKernel } from './conv2d-backprop.js';
import { depthwiseBackpropFilterKernel, depthwiseBackpropInputKernel } from './depthwise-backprop.js';
import { identityKernel, sameTypeCastKernel } from './identity-kernel.js';
import { replaceWasmKernel } from './op-kernel.js';
import { preluGradient } from './prelu-gradient.js';
import { reductionKernels } from './reduction-kernels.js';

let registered = false;

function replaceGradient(config: GradConfig): void {
  if (tf.getGradient(config.kernelName) !== undefined) tf.unregisterGradient(config.kernelName);
  tf.registerGradient(config);
}

/**
 * Makes every op of the search space trainable, and fast, on wasm: the three
 * missing gradient kernels plus replacements for slow wasm paths. Gradients
 * are registered for all backends (tfjs keys them by kernel only); they are
 * the same maths as tfjs's own, checked against the cpu backend in tests.
 * Must run before the wasm backend initialises (kernel setup happens then).
 */
export function registerTrainingKernels(): void {
  if (registered) return;
  registered = true;
  for (const kernel of [
    conv2dBackpropFilterKernel,
    conv2dBackpropInputKernel,
    depthwiseBackpropFilterKernel,
    depthwiseBackpropInputKernel,
    identityKernel,
    sameTypeCastKernel(),
    fusedBatchNormKernel,
    ...reductionKernels(),
  ]) {
    replaceWasmKernel(kernel);
  }
  for (const kernel of channelGradientKernels) {
    if (tf.getKernel(kernel.kernelName, kernel.backendName) === undefined) tf.registerKernel(kernel);
  }
  replaceGradient(fusedBatchNormGradient);
  replaceGradient(preluGradient);
}
