import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { convGeometry } from './conv-geometry.js';
import { depthwiseSimd } from './depthwise-simd.js';

/**
 * DepthwiseConv2dNative on wasm through our SIMD kernel (simd/depthwise-conv.ts).
 * XNNPACK's in tfjs 4.22 has micro-kernels for up to 25 taps only: measured at
 * batch 32, a 7x7 layer ran 10-15x slower there than here, 5x5 ~2x and 3x3
 * ~1.3x. Dilated or multiplier > 1 convolutions (not in the search space) stay on XNNPACK.
 */
export function depthwiseConvKernel(original: KernelConfig): Omit<KernelConfig, 'backendName'> {
  const kernelFunc: KernelFunc = (args) => {
    const x = args.inputs.x as TensorInfo;
    const filter = args.inputs.filter as TensorInfo;
    const dilations = (args.attrs?.dilations ?? 1) as number | number[];
    const undilated = typeof dilations === 'number' ? dilations === 1 : dilations.every((d) => d === 1);
    if (filter.shape[3] !== 1 || !undilated) return original.kernelFunc(args);
    const g = convGeometry(x.shape, filter.shape, args.attrs ?? {}, true);
    return depthwiseSimd('depthwiseConv', args.backend, x, filter, [g.batch, g.outHeight, g.outWidth, g.inChannels], g) ?? original.kernelFunc(args);
  };
  return { kernelName: 'DepthwiseConv2dNative', kernelFunc, setupFunc: original.setupFunc, disposeFunc: original.disposeFunc };
}
