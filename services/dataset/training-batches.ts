import { InvalidArgumentError } from '../common/errors/errors.js';
import { batchesPerEpoch, planEpoch, subsetSize, type EpochPlan, type PlanOptions } from './batch-plan.js';
import { CHANNELS, type FaceDataset, type TrainingIndex } from './face-dataset.js';
import { flipHorizontal } from './flip.js';
import { checkImageSize, integerIn, MAX_BATCH_BYTES, MAX_BATCH_SIZE } from './request-limits.js';

export interface TrainingStreamRequest {
  batchSize: number;
  /** 0 = the dataset's own size. */
  imageSize: number;
  /** First N training identities only, labels 0..N-1 (0 = all). */
  identities: number;
  /** Stream epochs [startEpoch, epochs); 0 = until the consumer stops. */
  epochs: number;
  startEpoch: number;
  seed: number;
  flip: boolean;
  dropLast: boolean;
}

export interface TrainingBatch {
  epoch: number;
  index: number;
  batchesPerEpoch: number;
  count: number;
  imageSize: number;
  channels: number;
  /** count × imageSize × imageSize × channels, NHWC uint8. */
  images: Uint8Array;
  labels: Int32Array;
  numClasses: number;
}

/** Batches assembled ahead of the consumer: enough to overlap decoding with training, no more. */
export const PREFETCH_BATCHES = 2;

/** Checks a request against a dataset; errors name the request field (snake_case, as in the proto). */
export function checkTrainingRequest(dataset: FaceDataset, request: TrainingStreamRequest): { training: TrainingIndex; imageSize: number } {
  const training = dataset.training;
  if (!training) throw new InvalidArgumentError('uri', `${dataset.format}: datasets are evaluation-only (they hold no training images)`);
  const imageSize = checkImageSize(request.imageSize, dataset.imageSize, 'image_size');
  integerIn(request.batchSize, 1, MAX_BATCH_SIZE, 'batch_size');
  const bytes = request.batchSize * imageSize * imageSize * CHANNELS;
  if (bytes > MAX_BATCH_BYTES) {
    throw new InvalidArgumentError('batch_size', `${request.batchSize} images of ${imageSize}x${imageSize}x3 make ${bytes} bytes, above the ${MAX_BATCH_BYTES} a batch may carry`);
  }
  integerIn(request.identities, 0, training.classes, 'identities', `the dataset has ${training.classes} training identities`);
  integerIn(request.epochs, 0, 1_000_000, 'epochs');
  integerIn(request.startEpoch, 0, 1_000_000, 'start_epoch');
  if (request.epochs > 0 && request.startEpoch >= request.epochs) {
    throw new InvalidArgumentError('start_epoch', `must be below epochs (${request.epochs}), got ${request.startEpoch}`);
  }
  if (!Number.isSafeInteger(request.seed)) throw new InvalidArgumentError('seed', `must be a safe integer, got ${request.seed}`);
  const examples = subsetSize(training, request.identities);
  if (examples === 0) throw new InvalidArgumentError('uri', 'the dataset has no training images');
  if (batchesPerEpoch(examples, request.batchSize, request.dropLast) === 0) {
    throw new InvalidArgumentError('batch_size', `${request.batchSize} is more than the ${examples} training images, and drop_last leaves no batch`);
  }
  return { training, imageSize };
}

interface BatchSpec {
  epoch: number;
  index: number;
  plan: EpochPlan;
  from: number;
  to: number;
}

/**
 * The training batches of a request, in order, assembled up to PREFETCH_BATCHES
 * ahead of the consumer. An image that fails to decode is replaced by the next image
 * of the same identity that decodes (or left out when none does): the batch stays
 * correctly labelled and the choice depends only on the data, never on timing.
 */
export async function* trainingBatches(dataset: FaceDataset, request: TrainingStreamRequest, prefetch = PREFETCH_BATCHES): AsyncGenerator<TrainingBatch> {
  const { training, imageSize } = checkTrainingRequest(dataset, request);
  const options: PlanOptions = { batchSize: request.batchSize, identities: request.identities, seed: request.seed, dropLast: request.dropLast, flip: request.flip };
  const specs = (function* (): Generator<BatchSpec> {
    for (let epoch = request.startEpoch; request.epochs === 0 || epoch < request.epochs; epoch++) {
      const plan = planEpoch(training, options, epoch);
      for (let index = 0; index < plan.batches; index++) {
        const from = index * request.batchSize;
        yield { epoch, index, plan, from, to: Math.min(from + request.batchSize, plan.order.length) };
      }
    }
  })();
  const queue: Promise<TrainingBatch>[] = [];
  const fill = () => {
    while (queue.length < prefetch) {
      const next = specs.next();
      if (next.done) return;
      const pending = assembleBatch(dataset, training, next.value, imageSize);
      pending.catch(() => {}); // awaited below; this only keeps an abandoned one from being "unhandled"
      queue.push(pending);
    }
  };
  fill();
  while (queue.length > 0) {
    const batch = await (queue.shift() as Promise<TrainingBatch>);
    fill();
    yield batch;
  }
}

async function assembleBatch(dataset: FaceDataset, training: TrainingIndex, spec: BatchSpec, size: number): Promise<TrainingBatch> {
  const positions = Array.from(spec.plan.order.subarray(spec.from, spec.to));
  const loaded = await dataset.loadImages(
    positions.map((p) => training.images[p]),
    size,
  );
  const imageBytes = size * size * CHANNELS;
  const images = new Uint8Array(positions.length * imageBytes);
  const labels = new Int32Array(positions.length);
  let count = 0;
  for (let k = 0; k < positions.length; k++) {
    const pixels = loaded[k] ?? (await substitute(dataset, training, positions[k], size));
    if (!pixels) continue;
    const target = images.subarray(count * imageBytes, (count + 1) * imageBytes);
    target.set(pixels);
    if (spec.plan.flips[spec.from + k]) flipHorizontal(target, size, CHANNELS);
    labels[count++] = training.labels[positions[k]];
  }
  return {
    epoch: spec.epoch,
    index: spec.index,
    batchesPerEpoch: spec.plan.batches,
    count,
    imageSize: size,
    channels: CHANNELS,
    images: count === positions.length ? images : images.slice(0, count * imageBytes),
    labels: count === positions.length ? labels : labels.slice(0, count),
    numClasses: spec.plan.classes,
  };
}

/** The next image of the same identity (cyclically) that decodes, or null when none does. */
async function substitute(dataset: FaceDataset, training: TrainingIndex, position: number, size: number): Promise<Uint8Array | null> {
  const label = training.labels[position];
  const start = training.classStart[label];
  const length = training.classStart[label + 1] - start;
  for (let step = 1; step < length; step++) {
    const pixels = await dataset.loadImage(training.images[start + ((position - start + step) % length)], size);
    if (pixels) return pixels;
  }
  return null;
}
