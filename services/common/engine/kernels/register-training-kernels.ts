import * as tf from '@tensorflow/tfjs';
import type { GradConfig } from '@tensorflow/tfjs-core';
import { activationKernels, hardSwishGradient, reluGradient } from './activation-kernels.js';
import { batchMatMulKernel } from './batch-mat-mul.js';
import { fusedBatchNormGradient, fusedBatchNormKernel } from './batch-norm.js';
import { batchNormTrainingGradient, batchNormTrainingKernels } from './batch-norm-training.js';
import { channelGradientKernels } from './channel-gradient-kernels.js';
import { conv2dBackpropFilterKernel, conv2dBackpropInputKernel } from './conv2d-backprop.js';
import { depthwiseBackpropFilterKernel, depthwiseBackpropInputKernel } from './depthwise-backprop.js';
import { depthwiseConvKernel } from './depthwise-conv.js';
import { identityKernel, sameTypeCastKernel } from './identity-kernel.js';
import { replaceWasmKernel } from './op-kernel.js';
import { preluGradient } from './prelu-gradient.js';
import { reductionKernels } from './reduction-kernels.js';
import { sgdMomentumKernels } from './sgd-momentum-kernel.js';

let registered = false;

function replaceGradient(config: GradConfig): void {
  if (tf.getGradient(config.kernelName) !== undefined) tf.unregisterGradient(config.kernelName);
  tf.registerGradient(config);
}

/**
 * Makes every op of the search space trainable, and fast, on wasm: the three
 * missing gradient kernels, replacements for slow wasm paths (depthwise conv,
 * transposed matMul, ...), and engine-private kernels for the one-op forms of
 * training BatchNorm, h-swish and the SGD step (registered for wasm and cpu;
 * the ops using them fall back to plain tfjs ops on other backends). Gradients
 * are registered for all backends (tfjs keys them by kernel only); they are
 * the same maths as tfjs's own, checked against the cpu backend in tests.
 * Must run before the wasm backend initialises (kernel setup happens then).
 */
export function registerTrainingKernels(): void {
  if (registered) return;
  registered = true;
  const original = (name: string) => {
    const kernel = tf.getKernel(name, 'wasm');
    if (kernel === undefined) throw new Error(`tfjs-backend-wasm has no ${name} kernel`);
    return kernel;
  };
  for (const kernel of [
    conv2dBackpropFilterKernel,
    conv2dBackpropInputKernel,
    depthwiseBackpropFilterKernel,
    depthwiseBackpropInputKernel,
    depthwiseConvKernel(original('DepthwiseConv2dNative')),
    batchMatMulKernel(original('BatchMatMul')),
    identityKernel,
    sameTypeCastKernel(),
    fusedBatchNormKernel,
    ...reductionKernels(),
  ]) {
    replaceWasmKernel(kernel);
  }
  for (const kernel of [...channelGradientKernels, ...batchNormTrainingKernels, ...activationKernels, ...sgdMomentumKernels]) {
    if (tf.getKernel(kernel.kernelName, kernel.backendName) === undefined) tf.registerKernel(kernel);
  }
  replaceGradient(fusedBatchNormGradient);
  replaceGradient(preluGradient);
  replaceGradient(batchNormTrainingGradient);
  replaceGradient(hardSwishGradient);
  replaceGradient(reluGradient);
}
