import { decodeJson } from '../common/bus/bus.js';
import { isSubjectToken } from '../common/bus/subject-pattern.js';
import { InvalidArgumentError, throwIfProblems } from '../common/errors/errors.js';
import type { Loss__Output } from '../common/generated/facenas/v1/Loss.js';
import type { Objective__Output } from '../common/generated/facenas/v1/Objective.js';
import type { TrainingBudget__Output } from '../common/generated/facenas/v1/TrainingBudget.js';
import type { TrialJob__Output } from '../common/generated/facenas/v1/TrialJob.js';
import type { ClassifierKind } from '../common/model/classifier-head.js';
import { fromArchitectureMessage, validateImageSize, type ArchitectureSpec } from '../common/search-space/index.js';

// A trial job as a trainer trusts it: decoded from the queue's JSON and checked field by
// field, so a malformed job fails once with a reason naming the field (poison) instead
// of crashing a trainer on every delivery.

export interface TrainableJob {
  searchId: string;
  trialId: string;
  spec: ArchitectureSpec;
  job: TrialJob__Output;
  budget: TrainingBudget__Output;
  loss: ClassifierKind;
  objective: Objective__Output;
  seed: number;
}

/** The ids, when the job has them (a job without ids cannot be reported on). */
export function jobIds(data: Uint8Array): { searchId: string; trialId: string } | null {
  try {
    const raw = decodeJson<Partial<TrialJob__Output>>(data);
    if (typeof raw?.searchId === 'string' && typeof raw.trialId === 'string' && isSubjectToken(raw.searchId) && isSubjectToken(raw.trialId)) {
      return { searchId: raw.searchId, trialId: raw.trialId };
    }
  } catch {
    // not JSON: no ids
  }
  return null;
}

const LOSSES: Record<string, ClassifierKind> = {
  LOSS_UNSPECIFIED: 'softmax',
  LOSS_SOFTMAX: 'softmax',
  LOSS_ARCFACE: 'arcface',
  LOSS_COSFACE: 'cosface',
};

export function parseTrialJob(data: Uint8Array): TrainableJob {
  let job: TrialJob__Output;
  try {
    job = decodeJson<TrialJob__Output>(data);
  } catch (err) {
    throw new InvalidArgumentError('job', `not JSON: ${(err as Error).message}`);
  }
  if (job === null || typeof job !== 'object') throw new InvalidArgumentError('job', 'must be a TrialJob object');
  const problems: InvalidArgumentError[] = [];
  const bad = (field: string, reason: string) => problems.push(new InvalidArgumentError(`job.${field}`, reason));
  for (const field of ['searchId', 'trialId'] as const) {
    if (typeof job[field] !== 'string' || !isSubjectToken(job[field])) bad(field, 'must be a non-empty id without ".", "*", ">" or spaces');
  }
  if (typeof job.dataset !== 'string' || job.dataset.length === 0) bad('dataset', 'required');
  let spec: ArchitectureSpec | undefined;
  try {
    spec = fromArchitectureMessage(job.architecture, 'job.architecture');
  } catch (err) {
    if (err instanceof InvalidArgumentError) problems.push(err);
    else throw err;
  }
  const budget = job.budget;
  if (!budget || typeof budget !== 'object') {
    bad('budget', 'required');
  } else {
    const int = (field: keyof TrainingBudget__Output, min: number, max: number) => {
      const v = budget[field];
      if (!(typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max)) bad(`budget.${field}`, `must be an integer in [${min}, ${max}], got ${JSON.stringify(v)}`);
    };
    int('epochs', budget.steps > 0 ? 0 : 1, 1000);
    int('steps', 0, 10_000_000);
    int('identities', 0, 10_000_000);
    int('batchSize', 2, 1024);
    int('warmupEpochs', 0, 1000);
    try {
      validateImageSize(budget.imageSize, 'job.budget.imageSize');
    } catch (err) {
      if (err instanceof InvalidArgumentError) problems.push(err);
      else throw err;
    }
    if (!(typeof budget.learningRate === 'number' && budget.learningRate > 0 && budget.learningRate <= 10)) bad('budget.learningRate', `must be in (0, 10], got ${JSON.stringify(budget.learningRate)}`);
    if (budget.loss !== undefined && !(budget.loss in LOSSES)) bad('budget.loss', `unknown loss ${JSON.stringify(budget.loss)}`);
  }
  const objective = (job.objective as string | undefined) ?? 'OBJECTIVE_VERIFICATION';
  if (!['OBJECTIVE_UNSPECIFIED', 'OBJECTIVE_VERIFICATION', 'OBJECTIVE_TOP1'].includes(objective)) bad('objective', `unknown objective ${JSON.stringify(objective)}`);
  const seed = Number(job.seed ?? 0);
  if (!Number.isSafeInteger(seed)) bad('seed', `must be an integer, got ${JSON.stringify(job.seed)}`);
  throwIfProblems(problems);
  const b = budget as TrainingBudget__Output;
  return {
    searchId: job.searchId,
    trialId: job.trialId,
    spec: spec as ArchitectureSpec,
    job,
    budget: { ...b, flip: Boolean(b.flip), loss: (b.loss ?? 'LOSS_SOFTMAX') as Loss__Output },
    loss: LOSSES[b.loss ?? 'LOSS_SOFTMAX'],
    objective: objective === 'OBJECTIVE_TOP1' ? 'OBJECTIVE_TOP1' : 'OBJECTIVE_VERIFICATION',
    seed,
  };
}
