// How hard the synthetic identities are for raw pixels: LFW-style 10-fold
// verification where each image's embedding is its own mean-centred pixels (the
// floor a trained network has to clear). Evaluation identities come from the
// held-out range, pairs are drawn like LFW's (half same, half different, each fold
// balanced), and the mean cosine of same and different pairs is reported beside it.
import { pixelEmbedding } from '../../common/evaluation/pixel-baseline.js';
import { pairDistances, type EmbeddingPair } from '../../common/evaluation/pair-set.js';
import { verificationAccuracy } from '../../common/evaluation/verification.js';
import { Rng } from '../../common/random/rng.js';
import { renderFace } from './render-face.js';
import { evalIdentity, type SyntheticOptions } from './synthetic-options.js';

export interface CalibrationPlan {
  identities: number;
  imagesPerIdentity: number;
  /** Total pairs, split into `folds` folds of equal same and different halves. */
  pairs: number;
  folds: number;
  pairSeed: number;
}

export const LFW_LIKE_PLAN: CalibrationPlan = { identities: 100, imagesPerIdentity: 10, pairs: 3000, folds: 10, pairSeed: 7 };

export interface CalibrationResult {
  accuracy: number;
  std: number;
  sameMeanCosine: number;
  differentMeanCosine: number;
}

export function pixelVerification(opts: SyntheticOptions, plan: CalibrationPlan = LFW_LIKE_PLAN): CalibrationResult {
  const { identities, imagesPerIdentity: perId, pairs, folds } = plan;
  if (pairs % (2 * folds) !== 0) throw new RangeError(`pairs (${pairs}) must split into ${folds} folds of equal same/different halves`);
  if (perId < 2 || identities < 2) throw new RangeError('need at least 2 identities with 2 images each');
  const embeddings: Float64Array[] = [];
  for (let i = 0; i < identities; i++) {
    for (let j = 0; j < perId; j++) embeddings.push(pixelEmbedding(renderFace(opts, evalIdentity(i), j).pixels));
  }
  const rng = new Rng(plan.pairSeed);
  const pairList: EmbeddingPair[] = [];
  const same: boolean[] = [];
  const foldOf: number[] = [];
  const half = pairs / folds / 2;
  for (let fold = 0; fold < folds; fold++) {
    for (let k = 0; k < half; k++) {
      const id = rng.int(identities);
      const a = rng.int(perId);
      const b = (a + 1 + rng.int(perId - 1)) % perId;
      pairList.push({ a: embeddings[id * perId + a], b: embeddings[id * perId + b] });
      same.push(true);
      foldOf.push(fold);
    }
    for (let k = 0; k < half; k++) {
      const id1 = rng.int(identities);
      const id2 = (id1 + 1 + rng.int(identities - 1)) % identities;
      pairList.push({ a: embeddings[id1 * perId + rng.int(perId)], b: embeddings[id2 * perId + rng.int(perId)] });
      same.push(false);
      foldOf.push(fold);
    }
  }
  const distances = pairDistances(pairList);
  const result = verificationAccuracy({ distances, same, folds: foldOf });
  // Squared distance of unit vectors d = 2 − 2·cos.
  let sameSum = 0;
  let diffSum = 0;
  distances.forEach((d, i) => {
    if (same[i]) sameSum += 1 - d / 2;
    else diffSum += 1 - d / 2;
  });
  return { accuracy: result.accuracy, std: result.std, sameMeanCosine: sameSum / (pairs / 2), differentMeanCosine: diffSum / (pairs / 2) };
}
