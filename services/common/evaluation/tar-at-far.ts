// TAR at a fixed FAR as InsightFace's verification.py calculate_val computes it
// ("VAL@FAR"): per fold, FAR on the training folds is measured on the grid
// 0, 0.001, ..., 3.999; if the largest training FAR reaches the target, the
// threshold is interpolated from that FAR curve (scipy slinear, see
// slinear-interpolation.ts), else it is 0 (nothing accepted). TAR and FAR are then
// measured on the held-out fold at that threshold. Reported: mean ± population std
// of the fold TARs, the mean achieved FAR and the mean threshold. The achieved FAR
// on held-out folds can exceed the target slightly; that is the protocol.

import { InvalidArgumentError } from '../errors/errors.js';
import { foldCounts, trainingCounts } from './fold-counts.js';
import { resolveFolds, type PairSet } from './pair-set.js';
import { interpolateSlinear } from './slinear-interpolation.js';
import { mean, populationStd } from './statistics.js';
import { TAR_THRESHOLD_STEP, thresholdGrid } from './thresholds.js';

export const DEFAULT_FAR = 1e-3;

export interface TarAtFarResult {
  tar: number;
  tarStd: number;
  /** Mean FAR actually reached on the held-out folds. */
  far: number;
  farTarget: number;
  /** Mean over folds of the interpolated threshold (squared L2). */
  threshold: number;
  foldTars: number[];
  foldFars: number[];
  foldThresholds: number[];
}

export interface TarAtFarOptions {
  far?: number;
  nFolds?: number;
}

export function tarAtFar(pairs: PairSet, options: TarAtFarOptions = {}): TarAtFarResult {
  const farTarget = options.far ?? DEFAULT_FAR;
  if (!(farTarget > 0 && farTarget < 1)) throw new InvalidArgumentError('far', `must be in (0, 1), got ${farTarget}`);
  const { folds, count } = resolveFolds(pairs, options.nFolds);
  const thresholds = thresholdGrid(TAR_THRESHOLD_STEP);
  const counts = foldCounts(pairs.distances, pairs.same, folds, count, thresholds);
  const foldTars: number[] = [];
  const foldFars: number[] = [];
  const foldThresholds: number[] = [];
  for (let fold = 0; fold < count; fold++) {
    if (counts.sameTotal[fold] === 0 || counts.diffTotal[fold] === 0) {
      throw new InvalidArgumentError('pairs', `fold ${fold} needs both same-identity and different-identity pairs for TAR@FAR`);
    }
    const train = trainingCounts(counts, fold);
    const farTrain = Float64Array.from(train.diff, (accepted) => accepted / train.diffTotal);
    const threshold = farTrain[farTrain.length - 1] >= farTarget ? interpolateSlinear(farTrain, thresholds, farTarget) : 0;
    let trueAccepts = 0;
    let falseAccepts = 0;
    for (let i = 0; i < pairs.distances.length; i++) {
      if (folds[i] !== fold || !(pairs.distances[i] < threshold)) continue;
      if (pairs.same[i]) trueAccepts++;
      else falseAccepts++;
    }
    foldTars.push(trueAccepts / counts.sameTotal[fold]);
    foldFars.push(falseAccepts / counts.diffTotal[fold]);
    foldThresholds.push(threshold);
  }
  return {
    tar: mean(foldTars),
    tarStd: populationStd(foldTars),
    far: mean(foldFars),
    farTarget,
    threshold: mean(foldThresholds),
    foldTars,
    foldFars,
    foldThresholds,
  };
}
