// A model of one layer unit, built from its latency-table key, for timing it alone.

import * as tf from '@tensorflow/tfjs';
import { parseLayerKey, type LayerUnit } from '../search-space/index.js';
import { applyUnit } from './unit-layers.js';
import { initializeWeights, randomSeed } from './weight-init.js';

/** Input shapes (without batch) of a unit's model: a residual unit also takes the layer input to add. */
export function layerModelInputShapes(unit: LayerUnit): number[][] {
  const s = unit.inputSize;
  switch (unit.kind) {
    case 'conv':
    case 'pointwise':
    case 'head':
      return unit.kind === 'pointwise' && unit.residual
        ? [
            [s, s, unit.in],
            [s, s, unit.out],
          ]
        : [[s, s, unit.in]];
    case 'depthwise':
      return [[s, s, unit.channels]];
  }
}

/**
 * The unit's layers exactly as inside a full model. Inputs: `[x]`, or `[x, layerInput]`
 * for a residual pointwise unit (the tensor its output is added to).
 */
export function buildLayerModel(key: string, options: { seed?: number } = {}): tf.LayersModel {
  const unit = parseLayerKey(key);
  const inputs = layerModelInputShapes(unit).map((shape, i) =>
    tf.input({ shape, dtype: 'float32', name: i === 0 ? 'x' : 'layer_input' }),
  );
  const output = applyUnit(unit, inputs[0], 'unit', inputs[1]);
  const model = tf.model({ inputs, outputs: output, name: `unit_${unit.kind}` });
  initializeWeights(model, options.seed ?? randomSeed());
  return model;
}
