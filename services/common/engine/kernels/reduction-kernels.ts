import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc, NamedAttrMap } from '@tensorflow/tfjs-core';
import { sumConsecutiveAxes } from './channel-sum.js';
import { opKernel } from './op-kernel.js';

/** The sorted reduction axes when they form one consecutive run, else undefined. */
export function consecutiveRun(attrs: NamedAttrMap, rank: number): [number, number] | undefined {
  const axes = tf.util.parseAxisParam(attrs.axis as number | number[], new Array<number>(rank).fill(1)).sort((a, b) => a - b);
  if (axes.length === 0) return undefined;
  for (let i = 1; i < axes.length; i++) if (axes[i] !== axes[i - 1] + 1) return undefined;
  return [axes[0], axes[axes.length - 1]];
}

function keptShape(shape: readonly number[], [first, last]: [number, number], keepDims: boolean): number[] {
  if (!keepDims) return [...shape.slice(0, first), ...shape.slice(last + 1)];
  return shape.map((d, i) => (i >= first && i <= last ? 1 : d));
}

/**
 * Sum or Mean over consecutive axes of a float tensor through one pooled pass;
 * anything else goes to the backend's own kernel.
 */
function reduction(name: 'Sum' | 'Mean', original: KernelConfig): Omit<KernelConfig, 'backendName'> {
  const fast = opKernel(({ x }, attrs) => {
    const run = consecutiveRun(attrs, x.rank) as [number, number];
    let out = sumConsecutiveAxes(x, run[0], run[1]);
    if (name === 'Mean') {
      const count = x.shape.slice(run[0], run[1] + 1).reduce((p, d) => p * d, 1);
      out = tf.div(out, tf.scalar(count));
    }
    return tf.reshape(out, keptShape(x.shape, run, attrs.keepDims === true));
  });
  const kernelFunc: KernelFunc = (args) => {
    const x = args.inputs.x as tf.TensorInfo;
    const run = x.dtype === 'float32' ? consecutiveRun(args.attrs ?? {}, x.shape.length) : undefined;
    // Reducing the innermost axis is already a contiguous pass in the backend.
    if (run === undefined || run[1] === x.shape.length - 1) return original.kernelFunc(args);
    return fast(args);
  };
  return { kernelName: name, kernelFunc, setupFunc: original.setupFunc, disposeFunc: original.disposeFunc };
}

export function reductionKernels(): Omit<KernelConfig, 'backendName'>[] {
  return (['Sum', 'Mean'] as const).map((name) => {
    const original = tf.getKernel(name, 'wasm');
    if (original === undefined) throw new Error(`tfjs-backend-wasm has no ${name} kernel`);
    return reduction(name, original);
  });
}
