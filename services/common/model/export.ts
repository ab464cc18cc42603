// Export of a trained network for deployment: the embedding model only (the training
// classifier is a separate object and is simply not saved), BN kept as it is (not
// folded), with what a consumer needs to use it in the model's metadata.

import type * as tf from '@tensorflow/tfjs';
import { type ArchitectureSpec, architectureId, canonicalize, validateImageSize } from '../search-space/index.js';
import { saveModel } from './file-io.js';
import { PIXEL_MEAN, PIXEL_SCALE } from './input-pixels.js';

export interface EmbeddingModelMetadata {
  architectureId: string;
  architecture: ArchitectureSpec;
  imageSize: number;
  embedding: number;
  /** Pixels in [0, 255] become (x − mean) / scale, NHWC RGB. */
  input: { layout: 'NHWC'; channels: 'RGB'; mean: number; scale: number };
  /** The output is not L2-normalised: normalise before comparing embeddings. */
  l2Normalized: false;
  /** Custom layer classes a loader must register (import services/common/model/hard-swish). */
  customLayers: string[];
}

export function embeddingModelMetadata(spec: ArchitectureSpec, imageSize: number): EmbeddingModelMetadata {
  const canonical = canonicalize(spec);
  return {
    architectureId: architectureId(canonical),
    architecture: canonical,
    imageSize: validateImageSize(imageSize),
    embedding: canonical.head.embedding,
    input: { layout: 'NHWC', channels: 'RGB', mean: PIXEL_MEAN, scale: PIXEL_SCALE },
    l2Normalized: false,
    customLayers: canonical.blocks.some((b) => b.activation === 'hswish') ? ['HardSwish'] : [],
  };
}

/** Writes `model.json` + weights to `dir`, with metadata under `userDefinedMetadata.facenas`. */
export async function exportEmbeddingModel(
  model: tf.LayersModel,
  dir: string,
  info: { spec: ArchitectureSpec; imageSize: number },
): Promise<EmbeddingModelMetadata> {
  const metadata = embeddingModelMetadata(info.spec, info.imageSize);
  model.setUserDefinedMetadata({ facenas: metadata });
  await saveModel(model, dir);
  return metadata;
}
