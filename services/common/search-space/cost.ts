// Parameters and multiply-adds from the architecture alone (sums over its layer units).

import type { ArchitectureSpec } from './architecture.js';
import { type NetworkOptions, layerConfigs } from './layer-configs.js';

export interface ParameterOptions extends NetworkOptions {
  /** Add the training classifier's weight matrix (embedding × classes, no bias). */
  numClasses?: number;
}

/**
 * Every weight of the embedding model as tfjs counts it (trainable and BN moving
 * statistics), plus the classifier when `numClasses` is given. The image size matters
 * for the GDC head, whose depthwise kernel covers the final feature map.
 */
export function countParameters(spec: ArchitectureSpec, imageSize: number, options: ParameterOptions = {}): number {
  const network = layerConfigs(spec, imageSize, options).reduce((sum, c) => sum + c.parameters, 0);
  return network + (options.numClasses ?? 0) * spec.head.embedding;
}

/** Multiply-adds of one forward pass of one image (see unitMadds for what is counted). */
export function countMadds(spec: ArchitectureSpec, imageSize: number, options: NetworkOptions = {}): number {
  return layerConfigs(spec, imageSize, options).reduce((sum, c) => sum + c.madds, 0);
}
