import { InvalidArgumentError, NotFoundError } from '../../common/errors/errors.js';
import type { Trial__Output } from '../../common/generated/facenas/v1/Trial.js';
import type { TrialJob } from '../../common/generated/facenas/v1/TrialJob.js';
import { fileModelUri } from '../../common/model/model-artifacts.js';
import { MOBILEFACENET, toArchitectureMessage } from '../../common/search-space/index.js';
import { formatDatasetUri, parseDatasetUri } from '../../dataset/dataset-uri.js';
import type { RunFolder } from '../search/run-folder.js';

// What `facenas retrain` trains: the search's winner (or a chosen trial) and the
// MobileFaceNet baseline, with the same longer budget at the deployment size, so the
// comparison is between architectures, not budgets.

export interface RetrainBudget {
  epochs: number;
  imageSize: number;
  batchSize: number;
  learningRate: number;
  /** Dataset URI; default: the search's, re-rendered at `imageSize` when synthetic. */
  dataset?: string;
}

export interface RetrainCandidate {
  label: 'winner' | 'baseline';
  trialId: string;
  job: TrialJob;
}

/** A synthetic set is rendered at the size trained on (upscaling a 32x32 face teaches nothing new). */
export function retrainDataset(searchDataset: string, imageSize: number): string {
  const uri = parseDatasetUri(searchDataset, 'dataset');
  if (uri.scheme !== 'synthetic') return searchDataset;
  return formatDatasetUri({ ...uri, params: { ...uri.params, size: imageSize } });
}

export function pickWinner(run: RunFolder, trialId?: string): Trial__Output {
  if (trialId) {
    const chosen = run.trials.find((t) => t.id === trialId);
    if (!chosen) throw new NotFoundError(`trial in ${run.dir}`, trialId);
    return chosen;
  }
  let best: Trial__Output | null = null;
  for (const t of run.trials) if (t.hasReward && (!best || t.reward > best.reward)) best = t;
  if (!best) throw new InvalidArgumentError('run folder', `${run.dir} has no completed trial to retrain`);
  return best;
}

export function planRetrain(run: RunFolder, winner: Trial__Output, budget: RetrainBudget, outDir: string): RetrainCandidate[] {
  const spec = run.meta.search.spec;
  const dataset = budget.dataset ?? retrainDataset(spec?.dataset ?? '', budget.imageSize);
  const job = (label: RetrainCandidate['label'], trialId: string, architecture: TrialJob['architecture']): RetrainCandidate => ({
    label,
    trialId,
    job: {
      searchId: 'retrain',
      trialId,
      architecture,
      dataset,
      budget: {
        epochs: budget.epochs,
        steps: 0,
        imageSize: budget.imageSize,
        identities: spec?.budget?.identities ?? 0,
        batchSize: budget.batchSize,
        learningRate: budget.learningRate,
        warmupEpochs: budget.epochs > 1 ? 1 : 0,
        loss: spec?.budget?.loss ?? 'LOSS_SOFTMAX',
        flip: true,
      },
      objective: spec?.objective ?? 'OBJECTIVE_VERIFICATION',
      seed: Number(spec?.seed ?? 1),
      artifactUri: fileModelUri(`${outDir}/${trialId}`),
      evalEachEpoch: false,
    },
  });
  const candidates = [job('winner', winner.id, winner.architecture)];
  if (!winner.baseline) candidates.push(job('baseline', 'mobilefacenet', toArchitectureMessage(MOBILEFACENET, budget.imageSize)));
  return candidates;
}
