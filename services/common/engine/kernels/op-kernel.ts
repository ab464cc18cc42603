import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';

/**
 * A kernel body written with tfjs ops. Kernels may call ops: the engine does
 * not record ops nested inside a kernel on the gradient tape.
 */
export type OpKernelBody = (inputs: Record<string, tf.Tensor>, attrs: NamedAttrMap) => tf.Tensor | tf.Tensor[];

function asTensor(info: TensorInfo): tf.Tensor {
  if (info instanceof tf.Tensor) return info;
  // Engine-internal callers may pass bare TensorInfos; wrap without taking ownership.
  const backend = tf.backend();
  backend.incRef(info.dataId);
  return tf.engine().makeTensorFromTensorInfo(info, backend);
}

/**
 * Turns an op-composed body into a kernelFunc. The result's data is handed to
 * the engine by reference: we add one reference before the tidy disposes the
 * body's tensor, so the engine's new tensor becomes the sole owner, as
 * built-in kernels like Reshape do.
 */
export function opKernel(body: OpKernelBody): KernelFunc {
  return ({ inputs, attrs }) => {
    const wrapped: tf.Tensor[] = [];
    const tensors: Record<string, tf.Tensor> = {};
    for (const [name, info] of Object.entries(inputs)) {
      if (info === undefined || info === null) continue;
      const t = asTensor(info);
      if (t !== info) wrapped.push(t);
      tensors[name] = t;
    }
    const result = tf.tidy(() => body(tensors, attrs ?? {}));
    const outs = Array.isArray(result) ? result : [result];
    const infos = outs.map((out): TensorInfo => {
      tf.backend().incRef(out.dataId);
      return { dataId: out.dataId, shape: out.shape, dtype: out.dtype };
    });
    // A body that returns an input unchanged must not dispose the caller's tensor.
    for (const out of outs) if (!Object.values(tensors).includes(out)) out.dispose();
    for (const t of wrapped) t.dispose();
    return Array.isArray(result) ? infos : infos[0];
  };
}

/** Registers `config` for the wasm backend, replacing any kernel of that name. */
export function replaceWasmKernel(config: Omit<KernelConfig, 'backendName'>): void {
  if (tf.getKernel(config.kernelName, 'wasm') !== undefined) tf.unregisterKernel(config.kernelName, 'wasm');
  tf.registerKernel({ ...config, backendName: 'wasm' });
}
