import * as tf from '@tensorflow/tfjs';
import type { Bus } from '../common/bus/bus.js';
import { createTrainer, type Trainer } from '../common/engine/trainer.js';
import { FailedPreconditionError } from '../common/errors/errors.js';
import type { TrialMetrics } from '../common/generated/facenas/v1/TrialMetrics.js';
import type { TrialProgress } from '../common/generated/facenas/v1/TrialProgress.js';
import { buildClassifierHead, type ClassifierHead } from '../common/model/classifier-head.js';
import { buildEmbeddingModel } from '../common/model/embedding-model.js';
import { pixelsToInput } from '../common/model/input-pixels.js';
import { saveEmbeddingModelTo } from '../common/model/model-artifacts.js';
import { countMadds, countParameters } from '../common/search-space/index.js';
import { fetchEvalSet, streamTrainingBatches, type DatasetEndpoint, type EvalSet } from '../dataset/batch-source.js';
import { learningRateAt } from './learning-rate.js';
import { microBatchSize } from './memory-plan.js';
import { checkEvalSetServes, embedEvalSet, pairImages, pixelBaselineAccuracy, scoreEmbeddings, verificationOnly } from './trial-evaluation.js';
import type { TrainableJob } from './trial-job.js';
import { planTraining, type TrainingPlan } from './training-plan.js';

// One trial, start to end: the child built from its architecture, trained with SGD
// (momentum 0.9, weight decay 5e-4, cosine schedule with warm-up) on the proxy budget,
// scored on held-out identities, and saved. The caller owns the job's lifecycle
// (heartbeats, acks, reports); this only trains, and stops when its signal says so.

// Random children of the space without residuals (deep plain ds stacks, SE, h-swish) spike
// to losses of 8-9 (chance is ln 50 = 3.9) once warm-up reaches the full learning rate,
// and stay at chance. Measured on 32x32 synthetic faces, lr 0.05, 5 epochs: clipping the
// global gradient norm at 5 took such a child from 0.46 to 0.70 verification and left
// MobileFaceNet-like children learning (0.85); at 1 nothing learns within the budget.
const GRADIENT_CLIP_NORM = 5;

/** Why training was interrupted: the controller's kill, its early-stop rule, or this trainer shutting down. */
export type StopReason = 'kill' | 'early-stop' | 'shutdown';

export class TrialStopped extends Error {
  constructor(readonly reason: Exclude<StopReason, 'early-stop'>) {
    super(`trial stopped: ${reason}`);
    this.name = 'TrialStopped';
  }
}

export interface TrainTrialOptions {
  datasets: DatasetEndpoint;
  /** For nats-object:// artifact URIs. */
  bus?: Bus;
  /** Micro-batching only matters on the wasm heap; the native backend trains whole batches. */
  splitBatches: boolean;
  /** Aborted with a StopReason as its reason. */
  signal: AbortSignal;
  onProgress(progress: TrialProgress): Promise<void>;
  /** Progress between epoch ends at most this often (default 5 s). */
  progressIntervalMs?: number;
  /** Flip test in the final evaluation (InsightFace's default; default true). */
  flipTest?: boolean;
  /** Passed around each step, so a latency measurement can have the CPU to itself (runtime/cpu-gate.ts). */
  stepGate?: { enterStep(): void; leaveStep(): void };
}

export interface TrialOutcome {
  state: 'TRIAL_STATE_SUCCEEDED' | 'TRIAL_STATE_EARLYSTOPPED';
  metrics: TrialMetrics;
  modelUri: string;
}

interface EpochStats {
  loss: number;
  correct: number;
  images: number;
}

export async function trainTrial(trainable: TrainableJob, options: TrainTrialOptions): Promise<TrialOutcome> {
  const { job, budget, spec } = trainable;
  const stopReason = (): StopReason | null => (options.signal.aborted ? (options.signal.reason as StopReason) : null);
  const throwIfStopped = () => {
    const reason = stopReason();
    if (reason === 'kill' || reason === 'shutdown') throw new TrialStopped(reason);
  };

  // The evaluation set first: a dataset that cannot score this objective fails before any training.
  const evalSet = await fetchEvalSet(options.datasets, { uri: job.dataset, imageSize: budget.imageSize, maxPairs: 0, identities: budget.identities });
  checkEvalSetServes(evalSet, trainable.objective, job.dataset);
  throwIfStopped();

  const model = buildEmbeddingModel(spec, { imageSize: budget.imageSize, seed: trainable.seed });
  let head: ClassifierHead | undefined;
  let trainer: Trainer | undefined;
  try {
    const microBatch = options.splitBatches ? microBatchSize(spec, budget.imageSize, budget.batchSize) : budget.batchSize;
    const stream = streamTrainingBatches(options.datasets, {
      uri: job.dataset,
      batchSize: budget.batchSize,
      imageSize: budget.imageSize,
      identities: budget.identities,
      // A step budget streams until it is used up.
      epochs: budget.steps > 0 ? 0 : budget.epochs,
      startEpoch: 0,
      seed: trainable.seed,
      flip: budget.flip,
      dropLast: true,
    });
    let plan: TrainingPlan | undefined;
    let step = 0;
    let epochsCompleted = 0;
    let epoch: EpochStats = { loss: 0, correct: 0, images: 0 };
    let lastEpoch: EpochStats = epoch;
    let trainedImages = 0;
    // Wall time from the first batch on, data waits included: the throughput a trial really gets.
    let loopStart = 0;
    /** Held-out evaluations after epochs and waits at the step gate, which are not training. */
    let pausedMs = 0;
    let trainingMs = 0;
    let lastProgress = performance.now();
    const progressEvery = options.progressIntervalMs ?? 5_000;

    const progress = (eval_?: number): TrialProgress => ({
      searchId: trainable.searchId,
      trialId: trainable.trialId,
      epoch: epochsCompleted,
      epochs: plan?.epochs ?? 0,
      step,
      steps: plan?.totalSteps ?? 0,
      loss: epoch.images > 0 ? epoch.loss / epoch.images : lastEpoch.loss / Math.max(1, lastEpoch.images),
      trainAccuracy: epoch.images > 0 ? epoch.correct / epoch.images : lastEpoch.correct / Math.max(1, lastEpoch.images),
      imagesPerSecond: trainingMs > 0 ? (trainedImages * 1000) / trainingMs : 0,
      evalAccuracy: eval_ ?? 0,
      hasEvalAccuracy: eval_ !== undefined,
    });

    for await (const batch of stream) {
      throwIfStopped();
      if (stopReason() === 'early-stop') break;
      if (!plan) {
        plan = planTraining(budget, batch.batchesPerEpoch);
        head = buildClassifierHead(spec.head.embedding, batch.numClasses, trainable.loss, { seed: trainable.seed + 1 });
        trainer = createTrainer({ model, head, learningRate: learningRateAt(0, plan.schedule), microBatch, clipNorm: GRADIENT_CLIP_NORM });
      }
      if (loopStart === 0) loopStart = performance.now();
      trainer!.setLearningRate(learningRateAt(step, plan.schedule));
      const x = pixelsToInput(batch.images, batch.count, batch.imageSize, batch.channels);
      let result;
      if (options.stepGate) {
        const w0 = performance.now();
        options.stepGate.enterStep();
        pausedMs += performance.now() - w0;
      }
      try {
        result = trainer!.step(x, batch.labels);
      } finally {
        options.stepGate?.leaveStep();
        x.dispose();
      }
      trainingMs = performance.now() - loopStart - pausedMs;
      if (!Number.isFinite(result.loss)) {
        throw new FailedPreconditionError(`training diverged: the loss became ${result.loss} at step ${step + 1} (learning rate ${trainer!.learningRate.toPrecision(3)})`);
      }
      step += 1;
      trainedImages += batch.count;
      epoch.loss += result.loss * batch.count;
      epoch.correct += result.accuracy * batch.count;
      epoch.images += batch.count;

      const epochEnds = batch.index === batch.batchesPerEpoch - 1 || step === plan.totalSteps;
      if (epochEnds) {
        epochsCompleted += 1;
        let evalAccuracy: number | undefined;
        if (job.evalEachEpoch && step < plan.totalSteps) {
          const e0 = performance.now();
          evalAccuracy = verificationOnly(evalSet, embedEvalSet(model, evalSet, { flip: false, only: pairImages(evalSet) }));
          pausedMs += performance.now() - e0;
        }
        await options.onProgress(progress(evalAccuracy));
        lastEpoch = epoch;
        epoch = { loss: 0, correct: 0, images: 0 };
        lastProgress = performance.now();
      } else if (performance.now() - lastProgress >= progressEvery) {
        await options.onProgress(progress());
        lastProgress = performance.now();
      }
      if (step >= plan.totalSteps) break;
      // Steps are synchronous: let heartbeats and kill orders in between them.
      await new Promise((resolve) => setImmediate(resolve));
    }
    throwIfStopped();
    if (!plan || step === 0) {
      if (stopReason() === 'early-stop') throw new FailedPreconditionError('early-stopped before the first step');
      throw new FailedPreconditionError(`dataset ${job.dataset} gave no training batch of ${budget.batchSize} images (too few training images for the batch size?)`);
    }
    const earlyStopped = stopReason() === 'early-stop';
    const finalEpoch = epoch.images > 0 ? epoch : lastEpoch;
    const metrics = evaluate(model, evalSet, options.flipTest ?? true);
    throwIfStopped();
    const modelUri = job.artifactUri ? job.artifactUri : '';
    if (modelUri) await saveEmbeddingModelTo(modelUri, model, { spec, imageSize: budget.imageSize }, options.bus);
    return {
      state: earlyStopped ? 'TRIAL_STATE_EARLYSTOPPED' : 'TRIAL_STATE_SUCCEEDED',
      modelUri,
      metrics: {
        ...metrics,
        finalLoss: finalEpoch.loss / finalEpoch.images,
        trainAccuracy: finalEpoch.correct / finalEpoch.images,
        trainingSeconds: trainingMs / 1000,
        imagesPerSecond: (trainedImages * 1000) / trainingMs,
        parameters: countParameters(spec, budget.imageSize),
        madds: countMadds(spec, budget.imageSize),
        epochsCompleted,
        pixelBaselineAccuracy: finite(pixelBaselineAccuracy(evalSet)),
      },
    };
  } finally {
    trainer?.dispose();
    head?.dispose();
    model.dispose();
  }
}

function evaluate(model: tf.LayersModel, evalSet: EvalSet, flip: boolean): TrialMetrics {
  const scores = scoreEmbeddings(evalSet, embedEvalSet(model, evalSet, { flip }));
  return {
    verificationAccuracy: finite(scores.verificationAccuracy),
    verificationStd: finite(scores.verificationStd),
    threshold: finite(scores.threshold),
    tarAtFar: finite(scores.tarAtFar),
    far: finite(scores.far),
    top1: finite(scores.top1),
  };
}

/** The proto has no NaN for "not measured": 0, and the objective check guarantees the one that counts was. */
function finite(value: number): number {
  return Number.isFinite(value) ? value : 0;
}
