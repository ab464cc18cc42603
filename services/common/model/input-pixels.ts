// The one place pixels become network input, for training, evaluation, latency and
// export alike: uint8 RGB NHWC → float32 (x − 127.5) / 128, as MobileFaceNet/InsightFace.

import * as tf from '@tensorflow/tfjs';

export const PIXEL_MEAN = 127.5;
export const PIXEL_SCALE = 128;

export function normalizePixels(pixels: Uint8Array): Float32Array {
  const out = new Float32Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) out[i] = (pixels[i] - PIXEL_MEAN) / PIXEL_SCALE;
  return out;
}

/** `count` square images of `size` pixels and `channels` channels as a [count, size, size, channels] input tensor. */
export function pixelsToInput(pixels: Uint8Array, count: number, size: number, channels = 3): tf.Tensor4D {
  const expected = count * size * size * channels;
  if (pixels.length !== expected) throw new RangeError(`expected ${expected} bytes for ${count} images of ${size}x${size}x${channels}, got ${pixels.length}`);
  return tf.tensor4d(normalizePixels(pixels), [count, size, size, channels]);
}
