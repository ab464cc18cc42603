import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { opKernel } from './op-kernel.js';
import { wasmHeap } from './wasm-heap.js';

/**
 * One SGD-with-momentum update of one variable as a single kernel:
 * v' = μ·v + (g + λ·w), w' = w − lr·v' (λ = 0 for variables without decay).
 *
 * Why: as tfjs ops it is five or six kernels per variable, and a search-space
 * network has 150-300 variables: ~1,500 kernel calls per step at ~10 µs of
 * engine overhead each, a tenth of a small network's step. On wasm this is one
 * JS loop over the heap; every intermediate is rounded to float32 like the ops
 * path, so both give the same numbers.
 */
const SGD_MOMENTUM = 'FacenasSgdMomentum';

export interface SgdMomentumStep {
  learningRate: number;
  momentum: number;
  weightDecay: number;
}

/** Returns [w', v']; the op path where the engine's kernels are not registered. */
export function sgdMomentumStep(w: tf.Tensor, v: tf.Tensor, g: tf.Tensor, step: SgdMomentumStep): [tf.Tensor, tf.Tensor] {
  if (tf.getKernel(SGD_MOMENTUM, tf.getBackend()) === undefined) return tf.tidy(() => fromOps(w, v, g, step));
  return tf.engine().runKernel(SGD_MOMENTUM, { w, v, g }, { ...step }) as [tf.Tensor, tf.Tensor];
}

function fromOps(w: tf.Tensor, v: tf.Tensor, g: tf.Tensor, { learningRate, momentum, weightDecay }: SgdMomentumStep): [tf.Tensor, tf.Tensor] {
  const decayed = weightDecay !== 0 ? tf.add(g, tf.mul(tf.scalar(weightDecay), w)) : g;
  const velocity = tf.add(tf.mul(tf.scalar(momentum), v), decayed);
  return [tf.sub(w, tf.mul(tf.scalar(learningRate), velocity)), velocity];
}

const opsKernel = opKernel(({ w, v, g }, attrs) => fromOps(w, v, g, attrs as unknown as SgdMomentumStep));

const heapKernel: KernelFunc = (args) => {
  const { w, v, g } = args.inputs as Record<string, TensorInfo>;
  const heap = wasmHeap();
  if (heap === undefined || args.backend !== heap.backend || [w, v, g].some((t) => t.dtype !== 'float32')) return opsKernel(args);
  const { learningRate, momentum, weightDecay } = args.attrs as unknown as SgdMomentumStep;
  const wasm = args.backend as BackendWasm;
  const size = tf.util.sizeFromShape(w.shape);
  const [w2, v2] = [wasm.makeOutput(w.shape, 'float32'), wasm.makeOutput(w.shape, 'float32')];
  const view = (t: TensorInfo) => new Float32Array(heap.memory.buffer, wasm.dataIdMap.get(t.dataId).memoryOffset, size);
  const [wv, vv, gv, wOut, vOut] = [w, v, g, w2, v2].map(view);
  const [lr, mu, wd] = [learningRate, momentum, weightDecay].map(Math.fround);
  const f = Math.fround;
  for (let i = 0; i < size; i++) {
    const decayed = wd !== 0 ? f(gv[i] + f(wd * wv[i])) : gv[i];
    const velocity = f(f(mu * vv[i]) + decayed);
    vOut[i] = velocity;
    wOut[i] = wv[i] - f(lr * velocity);
  }
  return [w2, v2];
};

export const sgdMomentumKernels: KernelConfig[] = [
  { kernelName: SGD_MOMENTUM, backendName: 'wasm', kernelFunc: heapKernel },
  { kernelName: SGD_MOMENTUM, backendName: 'cpu', kernelFunc: opsKernel },
];
