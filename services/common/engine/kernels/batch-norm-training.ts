import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { GradConfig, KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { simdKernelsFor } from '../simd/simd-kernels.js';
import { sumToChannels } from './channel-sum.js';
import { opKernel } from './op-kernel.js';
import { wasmHeap } from './wasm-heap.js';

/**
 * Training-mode BatchNorm over every axis but the last, as one op:
 * y = γ·(x − μ)·r + β with the batch mean μ and biased variance σ² (r = (σ² + ε)^-½),
 * returning μ and σ² too for the moving averages.
 *
 * Why: tf.layers builds it from moments (Mean, Sub, Square, Mean) and
 * FusedBatchNorm, and autodiff then runs ~11 full-size elementwise ops plus
 * three gradient additions per layer backward (BN was a quarter of a training
 * step). Here forward is three passes over x (sum, squared deviations, scale
 * and shift) and backward two (Σdy and Σdy·(x − μ), then dx), SIMD on wasm.
 */
export const BATCH_NORM_TRAINING = 'FacenasBatchNormTraining';
const BATCH_NORM_TRAINING_GRAD = 'FacenasBatchNormTrainingGrad';

export interface BatchNormTrainingResult {
  y: tf.Tensor;
  mean: tf.Tensor1D;
  variance: tf.Tensor1D;
}

/**
 * The op. Where the engine's kernels are not registered (stock tfjs, another
 * backend) it is the same maths in tfjs ops, as tf.layers computes it.
 */
export function batchNormTraining(x: tf.Tensor, gamma: tf.Tensor1D, beta: tf.Tensor1D, epsilon: number): BatchNormTrainingResult {
  if (tf.getKernel(BATCH_NORM_TRAINING, tf.getBackend()) === undefined) {
    return tf.tidy(() => {
      const { mean, variance } = tf.moments(x, [...Array(x.rank - 1).keys()]);
      return { y: tf.batchNorm(x, mean, variance, beta, gamma, epsilon), mean: mean as tf.Tensor1D, variance: variance as tf.Tensor1D };
    });
  }
  const [y, mean, variance] = tf.engine().runKernel(BATCH_NORM_TRAINING, { x, gamma, beta }, { epsilon }) as tf.Tensor[];
  return { y, mean: mean as tf.Tensor1D, variance: variance as tf.Tensor1D };
}

const forwardFromOps = opKernel(({ x, gamma, beta }, attrs) => {
  const { mean, variance } = tf.moments(x, [...Array(x.rank - 1).keys()]);
  const scale = tf.mul(tf.rsqrt(tf.add(variance, tf.scalar(attrs.epsilon as number))), gamma);
  return [tf.add(tf.mul(x, scale), tf.sub(beta, tf.mul(mean, scale))), mean, variance];
});

/**
 * dx = P·dy + Q·x + R with, per channel (S1 = Σdy, S2 = Σdy·(x − μ), n rows):
 * P = γr, Q = −γr³·S2/n + 2·dσ²/n, R = −γr·S1/n + dμ/n − Q·μ; dγ = S2·r, dβ = S1.
 * The dμ and dσ² terms make the op exact when its statistics feed the loss too.
 */
const gradientFromOps = opKernel(({ dy, dmean, dvariance, x, gamma, mean, variance }, attrs) => {
  const n = tf.scalar(x.size / mean.size);
  const r = tf.rsqrt(tf.add(variance, tf.scalar(attrs.epsilon as number)));
  const s1 = sumToChannels(dy);
  const s2 = sumToChannels(tf.mul(dy, tf.sub(x, mean)));
  const p = tf.mul(gamma, r);
  const q = tf.add(tf.div(tf.neg(tf.mul(tf.mul(p, tf.square(r)), s2)), n), tf.div(tf.mul(dvariance, tf.scalar(2)), n));
  const rr = tf.sub(tf.div(tf.sub(dmean, tf.mul(p, s1)), n), tf.mul(q, mean));
  return [tf.add(tf.add(tf.mul(dy, p), tf.mul(x, q)), rr), tf.mul(s2, r), s1];
});

interface Heap {
  wasm: BackendWasm;
  memory: WebAssembly.Memory;
  offset: (t: TensorInfo) => number;
  /** A fresh view: any allocation may grow (and so detach) the heap's buffer. */
  view: (t: TensorInfo, length: number, from?: number) => Float32Array;
}

/** The running wasm heap when the SIMD kernels apply to these inputs (float32, channels % 4 == 0), else undefined. */
function simdHeap(backend: unknown, inputs: TensorInfo[], channels: number): Heap | undefined {
  const heap = wasmHeap();
  if (heap === undefined || backend !== heap.backend || channels % 4 !== 0 || inputs.some((t) => t.dtype !== 'float32')) return undefined;
  const wasm = backend as BackendWasm;
  const offset = (t: TensorInfo) => wasm.dataIdMap.get(t.dataId).memoryOffset;
  const view = (t: TensorInfo, length: number, from = 0) => new Float32Array(heap.memory.buffer, offset(t) + 4 * from, length);
  return { wasm, memory: heap.memory, offset, view };
}

const forwardSimd: KernelFunc = (args) => {
  const { x, gamma, beta } = args.inputs as Record<string, TensorInfo>;
  const channels = x.shape[x.shape.length - 1];
  const heap = simdHeap(args.backend, [x, gamma, beta], channels);
  if (heap === undefined) return forwardFromOps(args);
  const rows = tf.util.sizeFromShape(x.shape) / channels;
  const epsilon = args.attrs?.epsilon as number;
  const [y, mean, variance] = [x.shape, [channels], [channels]].map((shape) => heap.wasm.makeOutput(shape, 'float32'));
  const scaleShift = heap.wasm.makeOutput([2 * channels], 'float32');
  const k = simdKernelsFor(heap.memory);
  heap.view(mean, channels).fill(0);
  k.columnSum(heap.offset(x), heap.offset(mean), rows, channels);
  const m = heap.view(mean, channels);
  for (let c = 0; c < channels; c++) m[c] /= rows;
  heap.view(variance, channels).fill(0);
  k.columnSquaredDeviation(heap.offset(x), heap.offset(mean), heap.offset(variance), rows, channels);
  const [v, g, b, s] = [heap.view(variance, channels), heap.view(gamma, channels), heap.view(beta, channels), heap.view(scaleShift, 2 * channels)];
  for (let c = 0; c < channels; c++) {
    v[c] /= rows;
    const scale = g[c] / Math.sqrt(v[c] + epsilon);
    s[c] = scale;
    s[channels + c] = b[c] - m[c] * scale;
  }
  const shift = heap.offset(scaleShift) + 4 * channels;
  k.scaleShift(heap.offset(x), heap.offset(scaleShift), shift, heap.offset(y), rows, channels);
  heap.wasm.disposeData(scaleShift.dataId);
  return [y, mean, variance];
};

const gradientSimd: KernelFunc = (args) => {
  const { dy, dmean, dvariance, x, gamma, mean, variance } = args.inputs as Record<string, TensorInfo>;
  const channels = x.shape[x.shape.length - 1];
  const heap = simdHeap(args.backend, [dy, dmean, dvariance, x, gamma, mean, variance], channels);
  if (heap === undefined) return gradientFromOps(args);
  const rows = tf.util.sizeFromShape(x.shape) / channels;
  const epsilon = args.attrs?.epsilon as number;
  const [dx, dgamma, dbeta] = [x.shape, [channels], [channels]].map((shape) => heap.wasm.makeOutput(shape, 'float32'));
  // S2, then the per-channel P, Q, R of dx = P·dy + Q·x + R.
  const temp = heap.wasm.makeOutput([4 * channels], 'float32');
  const k = simdKernelsFor(heap.memory);
  heap.view(dbeta, channels).fill(0);
  heap.view(temp, channels).fill(0);
  k.batchNormGradientSums(heap.offset(dy), heap.offset(x), heap.offset(mean), heap.offset(dbeta), heap.offset(temp), rows, channels);
  const s1 = heap.view(dbeta, channels);
  const [s2, p, q, r] = [0, 1, 2, 3].map((i) => heap.view(temp, channels, i * channels));
  const [g, m, v, dm, dv, dg] = [gamma, mean, variance, dmean, dvariance, dgamma].map((t) => heap.view(t, channels));
  for (let c = 0; c < channels; c++) {
    const rc = 1 / Math.sqrt(v[c] + epsilon);
    p[c] = g[c] * rc;
    q[c] = (-p[c] * rc * rc * s2[c] + 2 * dv[c]) / rows;
    r[c] = (dm[c] - p[c] * s1[c]) / rows - q[c] * m[c];
    dg[c] = s2[c] * rc;
  }
  const at = (i: number) => heap.offset(temp) + 4 * i * channels;
  k.twoInputAffine(heap.offset(dy), at(1), heap.offset(x), at(2), at(3), heap.offset(dx), rows, channels);
  heap.wasm.disposeData(temp.dataId);
  return [dx, dgamma, dbeta];
};

export const batchNormTrainingKernels: KernelConfig[] = [
  { kernelName: BATCH_NORM_TRAINING, backendName: 'wasm', kernelFunc: forwardSimd },
  { kernelName: BATCH_NORM_TRAINING_GRAD, backendName: 'wasm', kernelFunc: gradientSimd },
  { kernelName: BATCH_NORM_TRAINING, backendName: 'cpu', kernelFunc: forwardFromOps },
  { kernelName: BATCH_NORM_TRAINING_GRAD, backendName: 'cpu', kernelFunc: gradientFromOps },
];

export const batchNormTrainingGradient: GradConfig = {
  kernelName: BATCH_NORM_TRAINING,
  inputsToSave: ['x', 'gamma'],
  outputsToSave: [false, true, true],
  gradFunc: (dys, saved, attrs) => {
    const [dy, dmean, dvariance] = dys as tf.Tensor[];
    const [x, gamma, mean, variance] = saved;
    const [dx, dgamma, dbeta] = tf.engine().runKernel(
      BATCH_NORM_TRAINING_GRAD,
      { dy, dmean, dvariance, x, gamma, mean, variance },
      { epsilon: (attrs as { epsilon: number }).epsilon },
    ) as tf.Tensor[];
    return { x: () => dx, gamma: () => dgamma, beta: () => dbeta };
  },
};
