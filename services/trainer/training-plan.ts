import type { TrainingBudget__Output } from '../common/generated/facenas/v1/TrainingBudget.js';
import type { LearningRateSchedule } from './learning-rate.js';

// How many optimizer steps a trial makes, known once the dataset says how many
// batches an epoch has: whole epochs by default, or exactly `budget.steps` steps
// (the last epoch then ends early).

export interface TrainingPlan {
  epochs: number;
  batchesPerEpoch: number;
  totalSteps: number;
  schedule: LearningRateSchedule;
}

export function planTraining(budget: TrainingBudget__Output, batchesPerEpoch: number): TrainingPlan {
  if (!(Number.isInteger(batchesPerEpoch) && batchesPerEpoch >= 1)) throw new RangeError(`batchesPerEpoch must be a positive integer, got ${batchesPerEpoch}`);
  const totalSteps = budget.steps > 0 ? budget.steps : budget.epochs * batchesPerEpoch;
  const epochs = Math.ceil(totalSteps / batchesPerEpoch);
  // Warm-up never takes the whole run: at least one step decays.
  const warmupSteps = Math.min(budget.warmupEpochs * batchesPerEpoch, Math.max(0, totalSteps - 1));
  return { epochs, batchesPerEpoch, totalSteps, schedule: { baseLr: budget.learningRate, totalSteps, warmupSteps } };
}
