import { InvalidArgumentError, throwIfProblems } from '../../common/errors/errors.js';
import type { AlgorithmSpec__Output } from '../../common/generated/facenas/v1/AlgorithmSpec.js';
import { Loss, type Loss__Output } from '../../common/generated/facenas/v1/Loss.js';
import { Objective, type Objective__Output } from '../../common/generated/facenas/v1/Objective.js';
import { RewardConstraint, type RewardConstraint__Output } from '../../common/generated/facenas/v1/RewardConstraint.js';
import type { SearchSpec__Output } from '../../common/generated/facenas/v1/SearchSpec.js';
import type { TrainingBudget__Output } from '../../common/generated/facenas/v1/TrainingBudget.js';

/** A spec with every default filled in: what a search stores and runs with. */
export interface ResolvedSearchSpec extends SearchSpec__Output {
  budget: TrainingBudget__Output;
  algorithm: AlgorithmSpec__Output;
  reward: NonNullable<SearchSpec__Output['reward']>;
}

/** Operator-set bounds (per-search limits are part of the security requirements). */
export interface SpecLimits {
  maxTrials: number;
  maxParallelTrials: number;
}

export const DEFAULT_SPEC_LIMITS: SpecLimits = { maxTrials: 10_000, maxParallelTrials: 64 };

export const SPEC_DEFAULTS = {
  dataset: 'synthetic:identities=100,images=20,size=64',
  space: 'mobilefacenet-v1',
  algorithm: 'reinforce',
  maxTrials: 12,
  parallelTrials: 3,
  budget: { epochs: 3, imageSize: 64, batchSize: 32, learningRate: 0.1, warmupEpochs: 1 },
} as const;

/** Latency is measured at the size the network is deployed at, not the proxy's. */
export const DEPLOYMENT_IMAGE_SIZE = 112;

const MAX_NAME = 200;
const MAX_URI = 4096;
const MAX_SETTINGS = 64;
const MAX_SETTING_NAME = 100;

/** Checks the strategy's own settings (they belong to the strategy, not the spec). */
export type AlgorithmCheck = (algorithm: AlgorithmSpec__Output) => InvalidArgumentError[];

/**
 * Fills defaults and checks every field, reporting all problems at once with the
 * field's path (`spec.budget.epochs: ...`), like Katib's ValidateAlgorithmSettings;
 * `checkAlgorithm` adds the strategy's problems to the same list.
 */
export function resolveSearchSpec(
  input: SearchSpec__Output | null | undefined,
  limits: SpecLimits = DEFAULT_SPEC_LIMITS,
  checkAlgorithm?: AlgorithmCheck,
): ResolvedSearchSpec {
  const problems: InvalidArgumentError[] = [];
  // Fields are named as in the proto (snake_case), which is what foreign clients see.
  const bad = (field: string, reason: string) => problems.push(new InvalidArgumentError(`spec.${snakeCase(field)}`, reason));
  if (!input) throw new InvalidArgumentError('spec', 'required');

  const name = input.name ?? '';
  if (name.length > MAX_NAME) bad('name', `at most ${MAX_NAME} characters`);
  else if (name && !/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(name)) bad('name', 'letters, digits, "_" and "-" only, starting with a letter or digit');

  const dataset = input.dataset || SPEC_DEFAULTS.dataset;
  if (dataset.length > MAX_URI) bad('dataset', `at most ${MAX_URI} characters`);
  else if (!/^(synthetic|lfw|folder|rec|bin):/.test(dataset)) bad('dataset', `must be a dataset URI (synthetic:, lfw:, folder:, rec:, bin:), got ${JSON.stringify(dataset.slice(0, 80))}`);

  const space = input.space || SPEC_DEFAULTS.space;
  if (space !== SPEC_DEFAULTS.space) bad('space', `unknown search space ${JSON.stringify(space.slice(0, 80))}; available: ${SPEC_DEFAULTS.space}`);

  const budgetIn = input.budget;
  const budget: TrainingBudget__Output = {
    epochs: budgetIn?.epochs || SPEC_DEFAULTS.budget.epochs,
    steps: budgetIn?.steps ?? 0,
    imageSize: budgetIn?.imageSize || SPEC_DEFAULTS.budget.imageSize,
    identities: budgetIn?.identities ?? 0,
    batchSize: budgetIn?.batchSize || SPEC_DEFAULTS.budget.batchSize,
    // Only 0 means unset (proto3): `||` would also swap a NaN the client sent for the default.
    learningRate: budgetIn?.learningRate === undefined || budgetIn.learningRate === 0 ? SPEC_DEFAULTS.budget.learningRate : budgetIn.learningRate,
    warmupEpochs: budgetIn?.warmupEpochs ?? SPEC_DEFAULTS.budget.warmupEpochs,
    loss: enumOrDefault(budgetIn?.loss, Loss, 'LOSS_UNSPECIFIED', 'LOSS_SOFTMAX', 'budget.loss', bad) as Loss__Output,
    flip: budgetIn?.flip ?? false,
  };
  checkInt(budget.epochs, 1, 1000, 'budget.epochs', bad);
  checkInt(budget.steps, 0, 10_000_000, 'budget.steps', bad);
  checkInt(budget.imageSize, 32, 256, 'budget.imageSize', bad);
  if (Number.isInteger(budget.imageSize) && budget.imageSize % 16 !== 0) bad('budget.imageSize', `must be a multiple of 16, got ${budget.imageSize}`);
  checkInt(budget.identities, 0, 10_000_000, 'budget.identities', bad);
  checkInt(budget.batchSize, 1, 1024, 'budget.batchSize', bad);
  checkInt(budget.warmupEpochs, 0, 1000, 'budget.warmupEpochs', bad);
  if (!(Number.isFinite(budget.learningRate) && budget.learningRate > 0 && budget.learningRate <= 10)) bad('budget.learningRate', `must be in (0, 10], got ${budget.learningRate}`);
  if (Number.isInteger(budget.warmupEpochs) && Number.isInteger(budget.epochs) && budget.warmupEpochs >= budget.epochs && budget.steps === 0 && budget.warmupEpochs > 0) {
    bad('budget.warmupEpochs', `must be less than budget.epochs (${budget.epochs}), got ${budget.warmupEpochs}`);
  }

  const algorithmName = input.algorithm?.name || SPEC_DEFAULTS.algorithm;
  const settings = input.algorithm?.settings ?? [];
  if (settings.length > MAX_SETTINGS) bad('algorithm.settings', `at most ${MAX_SETTINGS} settings`);
  const seen = new Set<string>();
  settings.forEach((s, i) => {
    if (!s.name) bad(`algorithm.settings.${i}.name`, 'required');
    // The name ends up in field paths of later messages (`spec.algorithm.settings.<name>`).
    else if (s.name.length > MAX_SETTING_NAME) bad(`algorithm.settings.${i}.name`, `at most ${MAX_SETTING_NAME} characters`);
    else if (seen.has(s.name)) bad(`algorithm.settings.${i}.name`, `duplicate setting ${JSON.stringify(s.name)}`);
    seen.add(s.name);
    if ((s.value ?? '').length > 256) bad(`algorithm.settings.${i}.value`, 'at most 256 characters');
  });
  const algorithm: AlgorithmSpec__Output = { name: algorithmName, settings: settings.map((s) => ({ name: s.name, value: s.value ?? '' })) };
  // The strategy would name each setting again; an over-long name is reported once, above.
  if (checkAlgorithm && settings.length <= MAX_SETTINGS && settings.every((s) => (s.name ?? '').length <= MAX_SETTING_NAME)) problems.push(...checkAlgorithm(algorithm));

  const objective = enumOrDefault(input.objective, Objective, 'OBJECTIVE_UNSPECIFIED', 'OBJECTIVE_VERIFICATION', 'objective', bad) as Objective__Output;

  const rewardIn = input.reward;
  const constraint = enumOrDefault(rewardIn?.constraint, RewardConstraint, 'REWARD_CONSTRAINT_UNSPECIFIED', 'REWARD_CONSTRAINT_SOFT', 'reward.constraint', bad) as RewardConstraint__Output;
  const reward = {
    constraint,
    alpha: rewardIn?.alpha ?? 0,
    beta: rewardIn?.beta ?? 0,
    targetLatencyMs: rewardIn?.targetLatencyMs ?? 0,
    device: rewardIn?.device ?? '',
    allowPredictedLatency: rewardIn?.allowPredictedLatency ?? false,
    imageSize: rewardIn?.imageSize || DEPLOYMENT_IMAGE_SIZE,
  };
  checkInt(reward.imageSize, 32, 256, 'reward.imageSize', bad);
  if (!(Number.isFinite(reward.targetLatencyMs) && reward.targetLatencyMs > 0 && reward.targetLatencyMs <= 3_600_000)) {
    bad('reward.targetLatencyMs', `must be a latency target in (0, 3600000] ms, got ${reward.targetLatencyMs}`);
  }
  if (!reward.device) bad('reward.device', 'required: the device whose latency counts (see ProfilerService.ListDevices)');
  else if (reward.device.length > 200) bad('reward.device', 'at most 200 characters');
  if (constraint === 'REWARD_CONSTRAINT_CUSTOM') {
    for (const key of ['alpha', 'beta'] as const) {
      if (!(Number.isFinite(reward[key]) && Math.abs(reward[key]) <= 10)) bad(`reward.${key}`, `must be a finite exponent in [-10, 10], got ${reward[key]}`);
    }
  } else if (rewardIn && (rewardIn.alpha !== 0 || rewardIn.beta !== 0)) {
    bad('reward.alpha', 'alpha/beta are only read with constraint REWARD_CONSTRAINT_CUSTOM');
  }

  const maxTrials = input.maxTrials || SPEC_DEFAULTS.maxTrials;
  checkInt(maxTrials, 1, limits.maxTrials, 'maxTrials', bad);
  const parallelTrials = input.parallelTrials || SPEC_DEFAULTS.parallelTrials;
  checkInt(parallelTrials, 1, limits.maxParallelTrials, 'parallelTrials', bad);
  const maxFailedTrials = input.maxFailedTrials ?? 0;
  checkInt(maxFailedTrials, 0, limits.maxTrials, 'maxFailedTrials', bad);
  const seed = input.seed ?? 0;
  if (!(Number.isSafeInteger(seed) && seed >= 0)) bad('seed', `must be a non-negative integer, got ${seed}`);

  throwIfProblems(problems);
  return {
    name,
    dataset,
    space,
    budget,
    algorithm,
    objective,
    reward,
    maxTrials,
    parallelTrials: Math.min(parallelTrials, maxTrials),
    maxFailedTrials,
    seed: seed || Math.floor(Math.random() * 0x7fffffff) + 1,
    includeBaseline: input.includeBaseline ?? false,
    earlyStopping: input.earlyStopping ?? false,
  };
}

function checkInt(value: number, min: number, max: number, field: string, bad: (f: string, r: string) => void): void {
  if (!Number.isInteger(value) || value < min || value > max) bad(field, `must be an integer in [${min}, ${max}], got ${value}`);
}

function enumOrDefault(
  value: unknown,
  values: Record<string, string>,
  unspecified: string,
  fallback: string,
  field: string,
  bad: (f: string, r: string) => void,
): string {
  if (value === undefined || value === null || value === unspecified || value === 0) return fallback;
  if (typeof value === 'string' && Object.hasOwn(values, value)) return value;
  bad(field, `unknown value ${JSON.stringify(value)}; expected one of ${Object.keys(values).filter((v) => v !== unspecified).join(', ')}`);
  return fallback;
}

function snakeCase(path: string): string {
  return path.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}
