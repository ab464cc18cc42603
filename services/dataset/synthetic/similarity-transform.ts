// 2-D similarity transforms (rotation, uniform scale, translation) and their
// least-squares estimate from point pairs. For 2-D, Umeyama's SVD solution without
// reflection has the closed form used here: with centred source x and target y,
// [a, b] = [Σ x·y, Σ x×y] / Σ|x|², i.e. the rotation-scale [[a, -b], [b, a]].

/** x' = a·x − b·y + tx, y' = b·x + a·y + ty. */
export interface Similarity2 {
  a: number;
  b: number;
  tx: number;
  ty: number;
}

/** Least-squares similarity mapping `src` onto `dst` (both flat [x0, y0, x1, y1, ...]). */
export function estimateSimilarity(src: ArrayLike<number>, dst: ArrayLike<number>): Similarity2 {
  const n = src.length / 2;
  if (n < 2 || src.length !== dst.length || !Number.isInteger(n)) {
    throw new Error(`estimateSimilarity: need two equal lists of ≥2 points, got ${src.length} and ${dst.length} numbers`);
  }
  let sx = 0;
  let sy = 0;
  let dx = 0;
  let dy = 0;
  for (let i = 0; i < n; i++) {
    sx += src[2 * i];
    sy += src[2 * i + 1];
    dx += dst[2 * i];
    dy += dst[2 * i + 1];
  }
  sx /= n;
  sy /= n;
  dx /= n;
  dy /= n;
  let dot = 0;
  let cross = 0;
  let energy = 0;
  for (let i = 0; i < n; i++) {
    const xs = src[2 * i] - sx;
    const ys = src[2 * i + 1] - sy;
    const xd = dst[2 * i] - dx;
    const yd = dst[2 * i + 1] - dy;
    dot += xs * xd + ys * yd;
    cross += xs * yd - ys * xd;
    energy += xs * xs + ys * ys;
  }
  if (energy === 0) throw new Error('estimateSimilarity: source points all coincide');
  const a = dot / energy;
  const b = cross / energy;
  return { a, b, tx: dx - (a * sx - b * sy), ty: dy - (b * sx + a * sy) };
}

export function applySimilarity(t: Similarity2, points: ArrayLike<number>): Float64Array {
  const out = new Float64Array(points.length);
  for (let i = 0; i < points.length; i += 2) {
    out[i] = t.a * points[i] - t.b * points[i + 1] + t.tx;
    out[i + 1] = t.b * points[i] + t.a * points[i + 1] + t.ty;
  }
  return out;
}

export function invertSimilarity(t: Similarity2): Similarity2 {
  const k = t.a * t.a + t.b * t.b;
  const a = t.a / k;
  const b = -t.b / k;
  return { a, b, tx: -(a * t.tx - b * t.ty), ty: -(b * t.tx + a * t.ty) };
}

/** The uniform scale factor of `t`. */
export function similarityScale(t: Similarity2): number {
  return Math.hypot(t.a, t.b);
}
