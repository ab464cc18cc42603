// Trial and search messages shaped as the controller sends them (every proto3 default
// filled in) from a few numbers each, with real architectures of the search space and
// MnasNet rewards: the sample report's data and the report tests' fixtures.

import type { Search__Output } from '../../common/generated/facenas/v1/Search.js';
import type { TrialState__Output } from '../../common/generated/facenas/v1/TrialState.js';
import type { Trial__Output } from '../../common/generated/facenas/v1/Trial.js';
import { Rng, hashSeed } from '../../common/random/rng.js';
import {
  type ArchitectureSpec,
  MOBILEFACENET,
  decode,
  sampleUniform,
  toArchitectureMessage,
} from '../../common/search-space/index.js';
import { mnasReward, resolveRewardParameters } from '../../controller/reward/mnas-reward.js';

export const DEFAULT_TARGET_MS = 20;
/** When sketched searches start; trial i runs in its i-th minute. */
export const SKETCH_STARTED_AT_MS = Date.UTC(2026, 10, 2, 8, 0, 0);

export interface TrialSketch {
  index: number;
  state?: TrialState__Output;
  accuracy?: number;
  latencyMs?: number;
  baseline?: boolean;
  id?: string;
  architecture?: ArchitectureSpec;
}

export function trialId(index: number): string {
  return `trial-${String(index).padStart(4, '0')}`;
}

/** A uniformly sampled architecture of the space, the same for the same seed parts. */
export function sampledArchitecture(...seedParts: number[]): ArchitectureSpec {
  return decode(sampleUniform(new Rng(hashSeed(...seedParts))));
}

/** The trial as reported; its reward is MnasNet's soft-constraint reward at `targetLatencyMs`. */
export function buildTrial(searchId: string, sketch: TrialSketch, targetLatencyMs = DEFAULT_TARGET_MS): Trial__Output {
  const soft = resolveRewardParameters({ constraint: 'REWARD_CONSTRAINT_SOFT', alpha: 0, beta: 0, targetLatencyMs });
  const state = sketch.state ?? 'TRIAL_STATE_SUCCEEDED';
  const spec = sketch.architecture ?? (sketch.baseline ? MOBILEFACENET : sampledArchitecture(sketch.index));
  const architecture = toArchitectureMessage(spec, 112);
  const completed = state === 'TRIAL_STATE_SUCCEEDED' || state === 'TRIAL_STATE_EARLYSTOPPED';
  const scored = completed && sketch.accuracy !== undefined && sketch.latencyMs !== undefined;
  return {
    id: sketch.id ?? trialId(sketch.index),
    searchId,
    index: sketch.index,
    architecture,
    logProbs: [],
    state,
    reason: state === 'TRIAL_STATE_FAILED' ? 'training diverged (loss NaN)' : '',
    attempts: 1,
    worker: 'trainer-0',
    createdAtMs: SKETCH_STARTED_AT_MS + sketch.index * 60_000,
    startedAtMs: SKETCH_STARTED_AT_MS + sketch.index * 60_000,
    completedAtMs: completed ? SKETCH_STARTED_AT_MS + (sketch.index + 1) * 60_000 : 0,
    metrics: completed
      ? {
          verificationAccuracy: sketch.accuracy ?? 0,
          verificationStd: 0.01,
          top1: 0,
          tarAtFar: 0,
          far: 0.001,
          threshold: 0.4,
          finalLoss: 1.2,
          trainingSeconds: 55,
          imagesPerSecond: 120,
          parameters: architecture.parameters,
          madds: architecture.madds,
          epochsCompleted: 3,
          trainAccuracy: 0.9,
          pixelBaselineAccuracy: 0.6,
        }
      : null,
    latency:
      sketch.latencyMs === undefined
        ? null
        : {
            medianMs: sketch.latencyMs,
            p90Ms: sketch.latencyMs * 1.1,
            meanMs: sketch.latencyMs,
            stdMs: 0.3,
            runs: 30,
            device: 'pixel-4',
            source: 'LATENCY_SOURCE_MEASURED',
            imageSize: 112,
            measuredAtMs: SKETCH_STARTED_AT_MS,
          },
    reward: scored ? mnasReward(sketch.accuracy as number, sketch.latencyMs as number, soft) : 0,
    hasReward: scored,
    reusedFrom: '',
    modelUri: '',
    baseline: sketch.baseline ?? false,
    progress: null,
    accuracy: scored ? (sketch.accuracy as number) : 0,
  };
}

export interface SearchSketch {
  id: string;
  strategy?: string;
  targetLatencyMs?: number;
  dataset?: string;
  name?: string;
  maxTrials?: number;
  trials: readonly Trial__Output[];
}

export function buildSearch(sketch: SearchSketch): Search__Output {
  const count = (state: TrialState__Output): number => sketch.trials.filter((t) => t.state === state).length;
  const rewarded = sketch.trials.filter((t) => t.hasReward).sort((a, b) => b.reward - a.reward);
  return {
    id: sketch.id,
    spec: {
      name: sketch.name ?? '',
      dataset: sketch.dataset ?? 'synthetic:identities=200,images=20,size=64,seed=1',
      budget: { epochs: 3, steps: 0, imageSize: 64, identities: 200, batchSize: 32, learningRate: 0.1, warmupEpochs: 1, loss: 'LOSS_SOFTMAX', flip: false },
      algorithm: { name: sketch.strategy ?? 'reinforce', settings: [] },
      objective: 'OBJECTIVE_VERIFICATION',
      reward: {
        constraint: 'REWARD_CONSTRAINT_SOFT',
        alpha: 0,
        beta: 0,
        targetLatencyMs: sketch.targetLatencyMs ?? DEFAULT_TARGET_MS,
        device: 'pixel-4',
        allowPredictedLatency: false,
        imageSize: 112,
      },
      maxTrials: sketch.maxTrials ?? 20,
      parallelTrials: 2,
      maxFailedTrials: 5,
      seed: 7,
      includeBaseline: true,
      earlyStopping: true,
      space: 'mobilefacenet-v1',
    },
    state: 'SEARCH_STATE_SUCCEEDED',
    message: '',
    trialsCreated: sketch.trials.length,
    trialsRunning: count('TRIAL_STATE_RUNNING'),
    trialsSucceeded: count('TRIAL_STATE_SUCCEEDED'),
    trialsFailed: count('TRIAL_STATE_FAILED'),
    trialsKilled: count('TRIAL_STATE_KILLED'),
    trialsEarlyStopped: count('TRIAL_STATE_EARLYSTOPPED'),
    bestTrialId: rewarded[0]?.id ?? '',
    bestReward: rewarded[0]?.reward ?? 0,
    createdAtMs: SKETCH_STARTED_AT_MS - 5_000,
    startedAtMs: SKETCH_STARTED_AT_MS,
    completedAtMs: SKETCH_STARTED_AT_MS + (sketch.trials.length + 1) * 60_000,
  };
}
