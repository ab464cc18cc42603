// The tf.layers that implement one layer unit. The full model and the single-unit
// latency models both go through `applyUnit`, so a unit is the same ops in both.

import * as tf from '@tensorflow/tfjs';
import { HEAD_CHANNELS, squeezeChannels } from '../search-space/index.js';
import type { LayerUnit, UnitActivation } from '../search-space/index.js';
import { TrainingBatchNormalization } from './batch-norm-layer.js';
import { HardSwish } from './hard-swish.js';

type Symbolic = tf.SymbolicTensor;

/**
 * PyTorch BatchNorm defaults: eps 1e-5, momentum 0.1 (tfjs counts momentum the other way).
 * The layer trains through the engine's one-op BatchNorm and saves as a stock BatchNormalization.
 */
function batchNorm(name: string): tf.layers.Layer {
  return new TrainingBatchNormalization({ axis: -1, momentum: 0.9, epsilon: 1e-5, name });
}

function activation(kind: UnitActivation, name: string): tf.layers.Layer | null {
  switch (kind) {
    case 'relu':
      return tf.layers.reLU({ name });
    case 'prelu':
      // One alpha per channel like nn.PReLU(channels), initial 0.25 like PyTorch.
      return tf.layers.prelu({ sharedAxes: [1, 2], alphaInitializer: tf.initializers.constant({ value: 0.25 }), name });
    case 'hswish':
      return new HardSwish({ name });
    case 'linear':
      return null;
  }
}

function conv(filters: number, kernelSize: number, strides: number, name: string, padding: 'same' | 'valid' = 'same'): tf.layers.Layer {
  // Kernels are written by initializeWeights; zeros here spares tfjs drawing random numbers.
  return tf.layers.conv2d({ filters, kernelSize, strides, padding, useBias: false, kernelInitializer: 'zeros', name });
}

function depthwise(kernelSize: number, strides: number, name: string, padding: 'same' | 'valid' = 'same'): tf.layers.Layer {
  return tf.layers.depthwiseConv2d({
    kernelSize,
    strides,
    padding,
    depthMultiplier: 1,
    useBias: false,
    depthwiseInitializer: 'zeros',
    name,
  });
}

function apply(layer: tf.layers.Layer, x: Symbolic | Symbolic[]): Symbolic {
  return layer.apply(x) as Symbolic;
}

function activate(kind: UnitActivation, x: Symbolic, name: string): Symbolic {
  const layer = activation(kind, name);
  return layer ? apply(layer, x) : x;
}

/** Squeeze-and-excite: GAP, FC to channels/4 + ReLU, FC back + sigmoid, scale the channels. */
function squeezeExcite(x: Symbolic, channels: number, name: string): Symbolic {
  const pooled = apply(tf.layers.globalAveragePooling2d({ name: `${name}_pool` }), x);
  const squeezed = apply(
    tf.layers.dense({ units: squeezeChannels(channels), activation: 'relu', kernelInitializer: 'zeros', name: `${name}_reduce` }),
    pooled,
  );
  const gate = apply(tf.layers.dense({ units: channels, activation: 'sigmoid', kernelInitializer: 'zeros', name: `${name}_expand` }), squeezed);
  const scale = apply(tf.layers.reshape({ targetShape: [1, 1, channels], name: `${name}_reshape` }), gate);
  return apply(tf.layers.multiply({ name: `${name}_scale` }), [x, scale]);
}

function head(unit: Extract<LayerUnit, { kind: 'head' }>, x: Symbolic, name: string): Symbolic {
  let y = apply(conv(HEAD_CHANNELS, 1, 1, `${name}_conv`), x);
  y = apply(batchNorm(`${name}_conv_bn`), y);
  y = activate('prelu', y, `${name}_conv_act`);
  if (unit.type === 'gdc') {
    // Global depthwise conv: kernel = final feature map, valid padding, linear; then linear 1x1.
    y = apply(depthwise(unit.inputSize, 1, `${name}_gdc`, 'valid'), y);
    y = apply(batchNorm(`${name}_gdc_bn`), y);
    y = apply(conv(unit.embedding, 1, 1, `${name}_linear`), y);
    y = apply(tf.layers.flatten({ name: `${name}_flatten` }), y);
  } else {
    y = apply(tf.layers.globalAveragePooling2d({ name: `${name}_pool` }), y);
    y = apply(tf.layers.dense({ units: unit.embedding, useBias: false, kernelInitializer: 'zeros', name: `${name}_linear` }), y);
  }
  return apply(batchNorm(`${name}_embedding_bn`), y);
}

/**
 * Adds the unit's layers after `x`; `skip` is the layer input that a residual pointwise
 * unit adds to its output. `name` prefixes the tfjs layer names.
 */
export function applyUnit(unit: LayerUnit, x: Symbolic, name: string, skip?: Symbolic): Symbolic {
  switch (unit.kind) {
    case 'conv': {
      const y = apply(batchNorm(`${name}_bn`), apply(conv(unit.out, unit.kernel, unit.stride, `${name}_conv`), x));
      return activate(unit.activation, y, `${name}_act`);
    }
    case 'depthwise': {
      let y = apply(batchNorm(`${name}_bn`), apply(depthwise(unit.kernel, unit.stride, `${name}_dw`), x));
      y = activate(unit.activation, y, `${name}_act`);
      return unit.se ? squeezeExcite(y, unit.channels, `${name}_se`) : y;
    }
    case 'pointwise': {
      let y = apply(batchNorm(`${name}_bn`), apply(conv(unit.out, 1, 1, `${name}_conv`), x));
      y = activate(unit.activation, y, `${name}_act`);
      if (!unit.residual) return y;
      if (!skip) throw new Error(`${name}: a residual unit needs the layer input`);
      return apply(tf.layers.add({ name: `${name}_add` }), [skip, y]);
    }
    case 'head':
      return head(unit, x, name);
  }
}
