// The floor a trained network must clear: the image itself as its embedding,
// centred on its own mean. After L2 normalisation the cosine of two such
// embeddings is the Pearson correlation of their pixels, so a uniform brightness
// shift does not count as a difference.

/** Mean-centred pixels (any layout, e.g. HWC floats or bytes) as an embedding. */
export function pixelEmbedding(pixels: ArrayLike<number>): Float64Array {
  if (pixels.length === 0) throw new RangeError('empty image');
  let sum = 0;
  for (let i = 0; i < pixels.length; i++) sum += pixels[i];
  const m = sum / pixels.length;
  return Float64Array.from({ length: pixels.length }, (_, i) => pixels[i] - m);
}
