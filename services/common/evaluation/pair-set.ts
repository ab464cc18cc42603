// A verification pair list reduced to what the protocols need: one distance per
// pair, whether the two faces are the same person, and optionally the fold.

import { faceEmbedding, squaredL2Distance, type Embedding } from './embeddings.js';
import { countFolds, kFoldAssignment } from './folds.js';

export interface PairSet {
  /** Squared L2 distance between the normalised embeddings of each pair. */
  distances: ArrayLike<number>;
  same: ArrayLike<boolean>;
  /** Fold of each pair (LFW's pairs.txt); absent = KFold over the pair order. */
  folds?: ArrayLike<number>;
}

export interface EmbeddingPair {
  a: Embedding;
  b: Embedding;
  /** Embeddings of the mirrored images, added before normalising when given. */
  aFlipped?: Embedding;
  bFlipped?: Embedding;
}

export const DEFAULT_FOLDS = 10;

export function pairDistances(pairs: readonly EmbeddingPair[]): Float64Array {
  const out = new Float64Array(pairs.length);
  pairs.forEach((p, i) => {
    out[i] = squaredL2Distance(faceEmbedding(p.a, p.aFlipped), faceEmbedding(p.b, p.bFlipped));
  });
  return out;
}

/** The pairs' folds: the given ones, else `KFold(nFolds, shuffle=False)`. */
export function resolveFolds(pairs: PairSet, nFolds: number = DEFAULT_FOLDS): { folds: ArrayLike<number>; count: number } {
  const n = pairs.distances.length;
  if (pairs.same.length !== n) throw new RangeError(`same has ${pairs.same.length} entries for ${n} distances`);
  if (pairs.folds !== undefined) return { folds: pairs.folds, count: countFolds(pairs.folds, n) };
  return { folds: kFoldAssignment(n, nFolds), count: nFolds };
}
