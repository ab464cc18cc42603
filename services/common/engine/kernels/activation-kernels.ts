import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { GradConfig, KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { type SimdKernels, simdKernelsFor } from '../simd/simd-kernels.js';
import { opKernel } from './op-kernel.js';
import { wasmHeap } from './wasm-heap.js';

/**
 * h-swish as one op, and the ReLU gradient in one pass: on wasm each is a
 * SIMD sweep (simd/activations.ts); elsewhere, and for sizes not a multiple
 * of 4, the same maths in tfjs ops. tfjs's own h-swish composition costs three
 * full-size ops forward and seven backward (LessEqual, Step, Cast among them).
 */
export const HARD_SWISH = 'FacenasHardSwish';
const HARD_SWISH_GRAD = 'FacenasHardSwishGrad';
const RELU_GRAD = 'FacenasReluGrad';

/** x · relu6(x + 3) / 6, exactly as composed from tfjs ops. */
function hardSwishFromOps(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.mul(x, tf.mul(tf.relu6(tf.add(x, tf.scalar(3))), tf.scalar(1 / 6))));
}

/** The op; where the engine's kernels are not registered (stock tfjs, another backend) it is the ops composition. */
export function hardSwish(x: tf.Tensor): tf.Tensor {
  if (tf.getKernel(HARD_SWISH, tf.getBackend()) === undefined) return hardSwishFromOps(x);
  return tf.engine().runKernel(HARD_SWISH, { x }) as tf.Tensor;
}

/** Runs an elementwise SIMD pass (inputs..., output, size) on the heap, or the op path when it does not apply. */
function simdOrOps(name: keyof SimdKernels, inputs: string[], fromOps: KernelFunc): KernelFunc {
  return (args) => {
    const infos = inputs.map((n) => args.inputs[n] as TensorInfo);
    const heap = wasmHeap();
    const size = tf.util.sizeFromShape(infos[0].shape);
    if (heap === undefined || args.backend !== heap.backend || size % 4 !== 0 || infos.some((t) => t.dtype !== 'float32')) return fromOps(args);
    const wasm = args.backend as BackendWasm;
    const out = wasm.makeOutput(infos[0].shape, 'float32');
    const offset = (t: TensorInfo) => wasm.dataIdMap.get(t.dataId).memoryOffset;
    simdKernelsFor(heap.memory)[name](...infos.map(offset), offset(out), size);
    return out;
  };
}

const hardSwishOps = opKernel(({ x }) => hardSwishFromOps(x));
const hardSwishGradOps = opKernel(({ x, dy }) => {
  const middle = tf.add(tf.mul(x, tf.scalar(1 / 3)), tf.scalar(0.5));
  const above = tf.step(tf.sub(x, tf.scalar(3)));
  const inside = tf.mul(tf.step(tf.add(x, tf.scalar(3))), tf.sub(tf.scalar(1), above));
  return tf.mul(dy, tf.add(above, tf.mul(inside, middle)));
});
const reluGradOps = opKernel(({ x, dy }) => tf.mul(dy, tf.step(x)));

export const activationKernels: KernelConfig[] = [
  { kernelName: HARD_SWISH, backendName: 'wasm', kernelFunc: simdOrOps('hardSwish', ['x'], hardSwishOps) },
  { kernelName: HARD_SWISH_GRAD, backendName: 'wasm', kernelFunc: simdOrOps('hardSwishGradient', ['x', 'dy'], hardSwishGradOps) },
  { kernelName: RELU_GRAD, backendName: 'wasm', kernelFunc: simdOrOps('reluGradient', ['x', 'dy'], reluGradOps) },
  { kernelName: HARD_SWISH, backendName: 'cpu', kernelFunc: hardSwishOps },
  { kernelName: HARD_SWISH_GRAD, backendName: 'cpu', kernelFunc: hardSwishGradOps },
  { kernelName: RELU_GRAD, backendName: 'cpu', kernelFunc: reluGradOps },
];

/** d h-swish/dx = 0 for x ≤ −3, (2x + 3)/6 up to 3, 1 above: what autodiff of the composition gives. */
export const hardSwishGradient: GradConfig = {
  kernelName: HARD_SWISH,
  inputsToSave: ['x'],
  gradFunc: (dy, [x]) => {
    const dx = tf.engine().runKernel(HARD_SWISH_GRAD, { x, dy: dy as tf.Tensor }) as tf.Tensor;
    return { x: () => dx };
  },
};

/**
 * ReLU gradient dy · step(x) as tfjs defines it, in one pass. Gradients are
 * registered for every backend, so on one without our kernel it is tfjs's ops.
 */
export const reluGradient: GradConfig = {
  kernelName: 'Relu',
  inputsToSave: ['x'],
  gradFunc: (dy, [x]) => {
    if (tf.getKernel(RELU_GRAD, tf.getBackend()) === undefined) return { x: () => tf.mul(dy as tf.Tensor, tf.step(x)) };
    const dx = tf.engine().runKernel(RELU_GRAD, { x, dy: dy as tf.Tensor }) as tf.Tensor;
    return { x: () => dx };
  },
};
