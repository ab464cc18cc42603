import * as tf from '@tensorflow/tfjs';
import type { KernelBackend, KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';

/**
 * Identity sharing the data instead of copying it (the wasm kernel copies).
 * Tensor data is immutable in tfjs, and the engine clones every activation it
 * saves for backprop, so this removes one full copy per saved activation.
 */
const shareData: KernelFunc = ({ inputs, backend }) => {
  const x = inputs.x as TensorInfo;
  (backend as KernelBackend).incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
};

export const identityKernel: Omit<KernelConfig, 'backendName'> = { kernelName: 'Identity', kernelFunc: shareData };

/** Cast to the tensor's own dtype (tf.moments casts its input to float32) shares data too; real casts go to the backend. */
export function sameTypeCastKernel(): Omit<KernelConfig, 'backendName'> {
  const original = tf.getKernel('Cast', 'wasm');
  if (original === undefined) throw new Error('tfjs-backend-wasm has no Cast kernel');
  return {
    kernelName: 'Cast',
    kernelFunc: (args) => ((args.inputs.x as TensorInfo).dtype === args.attrs?.dtype ? shareData(args) : original.kernelFunc(args)),
    setupFunc: original.setupFunc,
    disposeFunc: original.disposeFunc,
  };
}
