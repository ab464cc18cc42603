import { type ArchitectureSpec, layerConfigs, outputSize } from '../common/search-space/index.js';

// Training on wasm keeps every activation of a batch (and the tensors its gradients
// need) on a 32-bit heap of at most 4 GiB, so a large batch is split into
// micro-batches whose gradients are accumulated (engine/trainer.ts). The estimate is
// calibrated on the full MobileFaceNet (bench/RESULTS.md, train-throughput): a heap
// high-water mark of 1695 MiB for batch 32 at 64x64 and 1334 MiB for micro-batch 8 at
// 112x112, i.e. ~52 bytes of heap per output element per image, fixed costs included.

const BYTES_PER_ELEMENT = 48;
/** Heap given to one micro-batch's activations, well inside the 4 GiB wasm heap. */
export const DEFAULT_ACTIVATION_BUDGET_BYTES = 2 * 2 ** 30;

/** Output elements of every layer unit for one image. */
export function activationElements(spec: ArchitectureSpec, imageSize: number): number {
  let total = 0;
  for (const { unit } of layerConfigs(spec, imageSize)) {
    switch (unit.kind) {
      case 'conv':
        total += outputSize(unit.inputSize, unit.stride) ** 2 * unit.out;
        break;
      case 'depthwise':
        total += outputSize(unit.inputSize, unit.stride) ** 2 * unit.channels;
        break;
      case 'pointwise':
        total += unit.inputSize ** 2 * unit.out;
        break;
      case 'head':
        total += unit.inputSize ** 2 * 512;
        break;
    }
  }
  return total;
}

export function trainingBytesPerImage(spec: ArchitectureSpec, imageSize: number): number {
  return activationElements(spec, imageSize) * BYTES_PER_ELEMENT;
}

/**
 * The micro-batch for `batchSize` images: the whole batch when it fits the budget,
 * else the smallest number of near-equal chunks that each fit (BatchNorm then sees
 * chunks of similar size rather than one small remainder).
 */
export function microBatchSize(spec: ArchitectureSpec, imageSize: number, batchSize: number, budgetBytes = DEFAULT_ACTIVATION_BUDGET_BYTES): number {
  const fit = Math.max(1, Math.floor(budgetBytes / trainingBytesPerImage(spec, imageSize)));
  if (fit >= batchSize) return batchSize;
  const chunks = Math.ceil(batchSize / fit);
  return Math.ceil(batchSize / chunks);
}
