// Bilinear resampling of an interleaved image under a similarity transform, as
// cv2.warpAffine does for face alignment: every output pixel centre is mapped back
// into the source and the four neighbours are blended; outside reads the border colour.
import { applySimilarity, estimateSimilarity, invertSimilarity, type Similarity2 } from './similarity-transform.js';
import { arcfaceTemplate } from './arcface-template.js';

export interface InterleavedImage {
  pixels: Uint8Array;
  width: number;
  height: number;
  channels: number;
}

/** Resamples `src` into a `width`x`height` image where output point p reads source point `outputToSource(p)`. */
export function warpSimilarity(
  src: InterleavedImage,
  outputToSource: Similarity2,
  width: number,
  height: number,
  border = 0,
): Uint8Array {
  const { pixels, channels } = src;
  if (src.width < 2 || src.height < 2) throw new Error('warpSimilarity: source must be at least 2x2');
  const out = new Uint8Array(width * height * channels);
  const { a, b, tx, ty } = outputToSource;
  const maxX = src.width - 1;
  const maxY = src.height - 1;
  for (let v = 0; v < height; v++) {
    for (let u = 0; u < width; u++) {
      const x = a * u - b * v + tx;
      const y = b * u + a * v + ty;
      const o = (v * width + u) * channels;
      if (x < 0 || y < 0 || x > maxX || y > maxY) {
        out.fill(border, o, o + channels);
        continue;
      }
      // The last row/column interpolates from its left/upper neighbour with weight 1.
      const x0 = x >= maxX ? maxX - 1 : Math.floor(x);
      const y0 = y >= maxY ? maxY - 1 : Math.floor(y);
      const fx = x - x0;
      const fy = y - y0;
      const x1 = x0 + 1;
      const y1 = y0 + 1;
      const p00 = (y0 * src.width + x0) * channels;
      const p01 = (y0 * src.width + x1) * channels;
      const p10 = (y1 * src.width + x0) * channels;
      const p11 = (y1 * src.width + x1) * channels;
      for (let c = 0; c < channels; c++) {
        const top = pixels[p00 + c] + (pixels[p01 + c] - pixels[p00 + c]) * fx;
        const bottom = pixels[p10 + c] + (pixels[p11 + c] - pixels[p10 + c]) * fx;
        out[o + c] = Math.round(top + (bottom - top) * fy);
      }
    }
  }
  return out;
}

/**
 * Aligns a face image to the ArcFace template of `size`: estimates the similarity
 * from its five landmarks (x, y pairs in template order) to the template and warps.
 * Returns the crop and the landmarks moved into it.
 */
export function alignToArcface(
  src: InterleavedImage,
  landmarks: ArrayLike<number>,
  size: number,
): { pixels: Uint8Array; landmarks: Float32Array } {
  const toTemplate = estimateSimilarity(landmarks, arcfaceTemplate(size));
  const pixels = warpSimilarity(src, invertSimilarity(toTemplate), size, size);
  return { pixels, landmarks: Float32Array.from(applySimilarity(toTemplate, landmarks)) };
}
