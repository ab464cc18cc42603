import { hardSwishFunction, hardSwishGradientFunction, reluGradientFunction } from './activations.js';
import {
  batchNormGradientSumsFunction,
  columnSquaredDeviationFunction,
  columnSumFunction,
  scaleShiftFunction,
  twoInputAffineFunction,
} from './batch-norm-training.js';
import { batchNormGradientFunction, preluGradientFunction } from './channel-gradients.js';
import { depthwiseConvFunction } from './depthwise-conv.js';
import { depthwiseFilterGradientFunction } from './depthwise-filter-gradient.js';
import { depthwiseInputGradientFunction } from './depthwise-input-gradient.js';
import { matMulTransposeAFunction } from './matmul-transpose-a.js';
import { assembleModule } from './wasm-assembler.js';

/** Every function takes i32 arguments: byte offsets into the heap and sizes (see each generator for the order). */
export interface SimdKernels {
  depthwiseConv(...args: number[]): void;
  depthwiseFilterGradient(...args: number[]): void;
  depthwiseInputGradient(...args: number[]): void;
  batchNormGradient(...args: number[]): void;
  preluGradient(...args: number[]): void;
  columnSum(...args: number[]): void;
  columnSquaredDeviation(...args: number[]): void;
  batchNormGradientSums(...args: number[]): void;
  scaleShift(...args: number[]): void;
  twoInputAffine(...args: number[]): void;
  matMulTransposeA(...args: number[]): void;
  hardSwish(...args: number[]): void;
  hardSwishGradient(...args: number[]): void;
  reluGradient(...args: number[]): void;
}

const cache = new WeakMap<WebAssembly.Memory, SimdKernels>();

/** Our SIMD kernels instantiated on `memory`, the tfjs wasm backend's heap. */
export function simdKernelsFor(memory: WebAssembly.Memory): SimdKernels {
  let kernels = cache.get(memory);
  if (kernels === undefined) {
    const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
    const bytes = assembleModule(
      [
        depthwiseConvFunction(),
        depthwiseFilterGradientFunction(),
        depthwiseInputGradientFunction(),
        batchNormGradientFunction(),
        preluGradientFunction(),
        columnSumFunction(),
        columnSquaredDeviationFunction(),
        batchNormGradientSumsFunction(),
        scaleShiftFunction(),
        twoInputAffineFunction(),
        matMulTransposeAFunction(),
        hardSwishFunction(),
        hardSwishGradientFunction(),
        reluGradientFunction(),
      ],
      shared,
    );
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>), { env: { memory } });
    kernels = instance.exports as unknown as SimdKernels;
    cache.set(memory, kernels);
  }
  return kernels;
}
