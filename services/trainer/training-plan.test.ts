import { describe, expect, it } from 'vitest';
import type { TrainingBudget__Output } from '../common/generated/facenas/v1/TrainingBudget.js';
import { planTraining } from './training-plan.js';

const budget = (over: Partial<TrainingBudget__Output> = {}): TrainingBudget__Output => ({
  epochs: 3,
  steps: 0,
  imageSize: 64,
  identities: 0,
  batchSize: 32,
  learningRate: 0.1,
  warmupEpochs: 1,
  loss: 'LOSS_SOFTMAX',
  flip: false,
  ...over,
});

describe('training plan', () => {
  it('trains whole epochs with one epoch of warm-up', () => {
    expect(planTraining(budget(), 50)).toEqual({ epochs: 3, batchesPerEpoch: 50, totalSteps: 150, schedule: { baseLr: 0.1, totalSteps: 150, warmupSteps: 50 } });
  });

  it('a step budget ends inside an epoch and caps the warm-up', () => {
    expect(planTraining(budget({ steps: 70 }), 50)).toMatchObject({ epochs: 2, totalSteps: 70, schedule: { warmupSteps: 50 } });
    expect(planTraining(budget({ steps: 10, warmupEpochs: 1 }), 50)).toMatchObject({ epochs: 1, totalSteps: 10, schedule: { warmupSteps: 9 } });
  });

  it('rejects an empty epoch', () => {
    expect(() => planTraining(budget(), 0)).toThrow(/batchesPerEpoch/);
  });
});
