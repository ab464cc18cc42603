// Embedding arithmetic shared by every evaluation: InsightFace compares L2-normalised
// embeddings by squared Euclidean distance (0 = identical direction, 4 = opposite).

export type Embedding = Float32Array | Float64Array | readonly number[];

/**
 * Divides by the Euclidean norm. A zero vector stays zero (like sklearn's
 * `normalize`, which InsightFace calls), so a dead network scores as chance
 * instead of producing NaN distances.
 */
export function l2Normalize(embedding: Embedding): Float64Array {
  let sumSquares = 0;
  for (let i = 0; i < embedding.length; i++) sumSquares += embedding[i] * embedding[i];
  const norm = Math.sqrt(sumSquares);
  const out = new Float64Array(embedding.length);
  const divisor = norm === 0 ? 1 : norm;
  for (let i = 0; i < embedding.length; i++) out[i] = embedding[i] / divisor;
  return out;
}

/**
 * InsightFace's flip test: add the raw embeddings of the image and of its mirror
 * image, then normalise the sum. Without `flipped` this is plain normalisation.
 */
export function faceEmbedding(embedding: Embedding, flipped?: Embedding): Float64Array {
  if (flipped === undefined) return l2Normalize(embedding);
  if (flipped.length !== embedding.length) {
    throw new RangeError(`flipped embedding has ${flipped.length} values, the embedding ${embedding.length}`);
  }
  const sum = new Float64Array(embedding.length);
  for (let i = 0; i < embedding.length; i++) sum[i] = embedding[i] + flipped[i];
  return l2Normalize(sum);
}

export function squaredL2Distance(a: Embedding, b: Embedding): number {
  if (a.length !== b.length) throw new RangeError(`embeddings differ in length: ${a.length} vs ${b.length}`);
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i] - b[i];
    sum += d * d;
  }
  return sum;
}

export function dot(a: Embedding, b: Embedding): number {
  if (a.length !== b.length) throw new RangeError(`embeddings differ in length: ${a.length} vs ${b.length}`);
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}
