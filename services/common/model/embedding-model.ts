// The embedding network of an architecture: [N, S, S, 3] float32 images (pixels already
// normalised as (x − 127.5) / 128) → [N, embedding], batch-normalised, not L2-normalised.

import * as tf from '@tensorflow/tfjs';
import { type ArchitectureSpec, architectureId, layerConfigs, validateArchitecture, validateImageSize } from '../search-space/index.js';
import { applyUnit } from './unit-layers.js';
import { initializeWeights, randomSeed } from './weight-init.js';

export interface EmbeddingModelOptions {
  imageSize: number;
  /** Input channels (3 for RGB). */
  channels?: number;
  /** Seed of the weight initialisation; a random one when absent. */
  seed?: number;
  /**
   * false leaves kernels at zero: for a model whose weights are loaded next (checkpoint
   * restore) or whose structure alone matters; it skips the costly random draw.
   */
  initialize?: boolean;
}

/** `blocks.2.layers.1.expand` → `b2_l1_expand`: short, unique tfjs layer names. */
export function layerNameForScope(scope: string): string {
  return scope.replace(/^blocks\.(\d+)\.layers\.(\d+)\./, 'b$1_l$2_').replace(/\./g, '_');
}

export function buildEmbeddingModel(spec: ArchitectureSpec, options: EmbeddingModelOptions): tf.LayersModel {
  const canonical = validateArchitecture(spec);
  const imageSize = validateImageSize(options.imageSize, 'imageSize');
  const channels = options.channels ?? 3;
  const input = tf.input({ shape: [imageSize, imageSize, channels], dtype: 'float32', name: 'image' });
  let x = input;
  let layer = '';
  let layerInput = input;
  for (const c of layerConfigs(canonical, imageSize, { inputChannels: channels })) {
    if (c.layer !== layer) {
      layer = c.layer;
      layerInput = x;
    }
    x = applyUnit(c.unit, x, layerNameForScope(c.scope), layerInput);
  }
  const model = tf.model({ inputs: input, outputs: x, name: `facenas_${architectureId(canonical)}` });
  if (options.initialize ?? true) initializeWeights(model, options.seed ?? randomSeed());
  return model;
}
