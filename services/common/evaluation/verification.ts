// k-fold verification accuracy exactly as InsightFace's eval/verification.py
// (calculate_roc + calculate_accuracy): for each fold, the threshold with the best
// accuracy on the other folds (np.argmax: the first, i.e. smallest, of equally good
// thresholds) is applied to the held-out fold. Reported: mean ± population std of
// the fold accuracies, and the mean chosen threshold (in squared-L2 units).

import { foldCounts, trainingCounts } from './fold-counts.js';
import { resolveFolds, type PairSet } from './pair-set.js';
import { mean, populationStd } from './statistics.js';
import { ACCURACY_THRESHOLD_STEP, thresholdGrid } from './thresholds.js';

export interface VerificationResult {
  accuracy: number;
  std: number;
  /** Mean over folds of the threshold chosen on the training folds. */
  threshold: number;
  foldAccuracies: number[];
  foldThresholds: number[];
}

export interface VerificationOptions {
  /** Number of KFold splits when the pairs carry no folds (default 10). */
  nFolds?: number;
}

export function verificationAccuracy(pairs: PairSet, options: VerificationOptions = {}): VerificationResult {
  const { folds, count } = resolveFolds(pairs, options.nFolds);
  const thresholds = thresholdGrid(ACCURACY_THRESHOLD_STEP);
  const counts = foldCounts(pairs.distances, pairs.same, folds, count, thresholds);
  const foldAccuracies: number[] = [];
  const foldThresholds: number[] = [];
  for (let fold = 0; fold < count; fold++) {
    const train = trainingCounts(counts, fold);
    // Same denominator at every threshold, so comparing correct counts is comparing accuracies.
    let best = 0;
    let bestCorrect = -1;
    for (let k = 0; k < thresholds.length; k++) {
      const correct = train.same[k] + (train.diffTotal - train.diff[k]);
      if (correct > bestCorrect) {
        bestCorrect = correct;
        best = k;
      }
    }
    const testSize = counts.sameTotal[fold] + counts.diffTotal[fold];
    const correct = counts.sameAccepted[fold][best] + (counts.diffTotal[fold] - counts.diffAccepted[fold][best]);
    foldAccuracies.push(correct / testSize);
    foldThresholds.push(thresholds[best]);
  }
  return {
    accuracy: mean(foldAccuracies),
    std: populationStd(foldAccuracies),
    threshold: mean(foldThresholds),
    foldAccuracies,
    foldThresholds,
  };
}
