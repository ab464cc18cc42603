import { batchNormGradientFunction, preluGradientFunction } from './channel-gradients.js';
import { depthwiseFilterGradientFunction } from './depthwise-filter-gradient.js';
import { assembleModule } from './wasm-assembler.js';

export interface SimdKernels {
  depthwiseFilterGradient(...args: number[]): void;
  batchNormGradient(...args: number[]): void;
  preluGradient(...args: number[]): void;
}

const cache = new WeakMap<WebAssembly.Memory, SimdKernels>();

/** Our SIMD kernels instantiated on `memory`, the tfjs wasm backend's heap. */
export function simdKernelsFor(memory: WebAssembly.Memory): SimdKernels {
  let kernels = cache.get(memory);
  if (kernels === undefined) {
    const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
    const bytes = assembleModule([depthwiseFilterGradientFunction(), batchNormGradientFunction(), preluGradientFunction()], shared);
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>), { env: { memory } });
    kernels = instance.exports as unknown as SimdKernels;
    cache.set(memory, kernels);
  }
  return kernels;
}
