import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { simdKernelsFor } from '../simd/simd-kernels.js';
import type { ConvGeometry } from './conv-geometry.js';
import { wasmHeap } from './wasm-heap.js';

type DepthwiseSimdKernel = 'depthwiseConv' | 'depthwiseFilterGradient' | 'depthwiseInputGradient';

/**
 * Runs one of the depthwise SIMD kernels (all take two NHWC operands, an
 * output and the same geometry) on the wasm heap, or returns undefined when it
 * does not apply: not the running wasm backend, not float32, or channels not a
 * multiple of 4. `accumulates` kernels add into their output, which is zeroed first.
 */
export function depthwiseSimd(
  kernel: DepthwiseSimdKernel,
  backend: unknown,
  a: TensorInfo,
  b: TensorInfo,
  outShape: number[],
  g: ConvGeometry,
  accumulates = false,
): TensorInfo | undefined {
  const heap = wasmHeap();
  if (heap === undefined || backend !== heap.backend || g.inChannels % 4 !== 0 || a.dtype !== 'float32' || b.dtype !== 'float32') {
    return undefined;
  }
  const wasm = backend as BackendWasm;
  const out = wasm.makeOutput(outShape, 'float32');
  const offset = (t: TensorInfo) => wasm.dataIdMap.get(t.dataId).memoryOffset;
  if (accumulates) new Float32Array(heap.memory.buffer, offset(out), tf.util.sizeFromShape(outShape)).fill(0);
  simdKernelsFor(heap.memory)[kernel](
    offset(a), offset(b), offset(out),
    g.batch, g.inHeight, g.inWidth, g.inChannels, g.outHeight, g.outWidth,
    g.filterHeight, g.filterWidth, g.strideHeight, g.strideWidth, g.padTop, g.padLeft,
  );
  return out;
}
