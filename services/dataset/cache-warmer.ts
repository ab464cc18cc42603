import { CHANNELS, type FaceDataset } from './face-dataset.js';

const CHUNK = 256;

/**
 * Loads a dataset's training images at its own size so the first epoch streams from
 * the cache (synthetic faces are slow to render). Stops when the next chunk would not
 * fit the room left, since evicting warmed images to warm others gains nothing.
 * Returns the number of images loaded.
 */
export async function warmTrainingImages(dataset: FaceDataset, roomBytes: () => number): Promise<number> {
  const training = dataset.training;
  if (!training) return 0;
  const imageBytes = dataset.imageSize * dataset.imageSize * CHANNELS;
  let loaded = 0;
  for (let start = 0; start < training.images.length; start += CHUNK) {
    const ids = Array.from(training.images.subarray(start, start + CHUNK));
    if (ids.length * imageBytes > roomBytes()) break;
    await dataset.loadImages(ids, dataset.imageSize);
    loaded += ids.length;
  }
  return loaded;
}
