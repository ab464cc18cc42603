import { describe, expect, it } from 'vitest';
import { MOBILEFACENET } from '../common/search-space/index.js';
import { activationElements, microBatchSize, trainingBytesPerImage } from './memory-plan.js';

describe('training memory plan', () => {
  it('counts MobileFaceNet at 112 at ~3.2 M output elements and ~147 MiB per image', () => {
    // Stem alone: 56 x 56 x 64 = 200,704 elements.
    expect(activationElements(MOBILEFACENET, 112)).toBe(3_204_992);
    expect(trainingBytesPerImage(MOBILEFACENET, 112) / 2 ** 20).toBeCloseTo(146.7, 1);
    // A quarter of the pixels, a quarter of the elements (every map scales with size²).
    expect(activationElements(MOBILEFACENET, 112) * 4).toBe(activationElements(MOBILEFACENET, 224));
  });

  it('keeps batches that fit whole and splits the rest into near-equal micro-batches', () => {
    expect(microBatchSize(MOBILEFACENET, 64, 32)).toBe(32);
    // 2 GiB / 146.7 MiB = 13 images fit: 32 images take 3 chunks of at most 11.
    expect(microBatchSize(MOBILEFACENET, 112, 32)).toBe(11);
    expect(microBatchSize(MOBILEFACENET, 112, 32, 3 * 2 ** 30)).toBe(16);
    expect(microBatchSize(MOBILEFACENET, 112, 32, 1)).toBe(1);
  });
});
