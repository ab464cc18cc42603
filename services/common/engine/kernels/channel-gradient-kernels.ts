import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { simdKernelsFor } from '../simd/simd-kernels.js';
import { sumToChannels } from './channel-sum.js';
import { opKernel } from './op-kernel.js';
import { wasmHeap } from './wasm-heap.js';

/**
 * Two engine-private kernels that compute a layer's whole per-channel
 * backward pass in one sweep: on wasm a SIMD pass over the heap, elsewhere
 * (and for channel counts that are not a multiple of 4) the same maths in ops.
 * Inputs are [..., C] with per-channel vectors of length C.
 */
export const BATCH_NORM_GRAD = 'FacenasBatchNormGrad';
export const PRELU_GRAD = 'FacenasPreluGrad';

/** outputs: dx = dy·rg, Σdy, Σdy·(x − mean) */
const batchNormFromOps = opKernel(({ x, dy, mean, rg }) => [
  tf.mul(dy, rg),
  sumToChannels(dy),
  sumToChannels(tf.mul(dy, tf.sub(x, mean))),
]);

/** outputs: dx = dy·(x > 0 ? 1 : α), Σdy·min(x, 0) */
const preluFromOps = opKernel(({ x, dy, alpha }) => {
  const positive = tf.step(x);
  return [
    tf.mul(dy, tf.add(tf.mul(positive, tf.sub(tf.scalar(1), alpha)), alpha)),
    sumToChannels(tf.mul(dy, tf.sub(x, tf.relu(x)))),
  ];
});

type SimdCall = (
  kernel: ReturnType<typeof simdKernelsFor>,
  at: (t: TensorInfo) => number,
  shape: { rows: number; channels: number },
  inputs: Record<string, TensorInfo>,
  outs: TensorInfo[],
) => void;

function simdOrOps(fromOps: KernelFunc, outputs: (x: TensorInfo) => number[][], call: SimdCall): KernelFunc {
  return (args) => {
    const x = args.inputs.x as TensorInfo;
    const heap = wasmHeap();
    const channels = x.shape[x.shape.length - 1];
    if (heap === undefined || args.backend !== heap.backend || channels % 4 !== 0 || x.dtype !== 'float32') return fromOps(args);
    const wasm = args.backend as BackendWasm;
    const outs = outputs(x).map((shape) => wasm.makeOutput(shape, 'float32'));
    const offset = (t: TensorInfo) => wasm.dataIdMap.get(t.dataId).memoryOffset;
    // Channel sums start at zero (every output after the first is a sum).
    for (const sum of outs.slice(1)) new Float32Array(heap.memory.buffer, offset(sum), channels).fill(0);
    const rows = tf.util.sizeFromShape(x.shape) / channels;
    call(simdKernelsFor(heap.memory), offset, { rows, channels }, args.inputs as Record<string, TensorInfo>, outs);
    return outs;
  };
}

const batchNormSimd = simdOrOps(
  batchNormFromOps,
  (x) => [x.shape, [x.shape[x.shape.length - 1]], [x.shape[x.shape.length - 1]]],
  (k, at, { rows, channels }, { x, dy, mean, rg }, [dx, sumDy, sumDyXm]) =>
    k.batchNormGradient(at(x), at(dy), at(dx), at(mean), at(rg), at(sumDy), at(sumDyXm), rows, channels),
);

const preluSimd = simdOrOps(
  preluFromOps,
  (x) => [x.shape, [x.shape[x.shape.length - 1]]],
  (k, at, { rows, channels }, { x, dy, alpha }, [dx, sumDyMin]) =>
    k.preluGradient(at(x), at(dy), at(alpha), at(dx), at(sumDyMin), rows, channels),
);

export const channelGradientKernels: KernelConfig[] = [
  { kernelName: BATCH_NORM_GRAD, backendName: 'wasm', kernelFunc: batchNormSimd },
  { kernelName: PRELU_GRAD, backendName: 'wasm', kernelFunc: preluSimd },
  { kernelName: BATCH_NORM_GRAD, backendName: 'cpu', kernelFunc: batchNormFromOps },
  { kernelName: PRELU_GRAD, backendName: 'cpu', kernelFunc: preluFromOps },
];
