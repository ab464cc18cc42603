import { readFile, writeFile } from 'node:fs/promises';
import { DatasetFormatError } from './format-error.js';
import { readPickle } from './pickle-reader.js';
import { writePickle } from './pickle-writer.js';

// InsightFace verification bins (lfw.bin, cfp_fp.bin, agedb_30.bin): a pickle of
// (list of encoded images, list of is-same bools). Pair i is images 2i and 2i+1;
// evaluation splits the pairs into folds in order, as sklearn's KFold without shuffling.

export const VERIFICATION_BIN_FOLDS = 10;

export interface VerificationBin {
  images: Uint8Array[];
  issame: boolean[];
}

export async function readVerificationBin(path: string): Promise<VerificationBin> {
  return parseVerificationBin(await readFile(path), path);
}

export function parseVerificationBin(bytes: Uint8Array, file: string): VerificationBin {
  const value = readPickle(bytes, file);
  if (!Array.isArray(value) || value.length !== 2 || !Array.isArray(value[0]) || !Array.isArray(value[1])) {
    throw new DatasetFormatError(file, null, 'expected a pickled pair (list of images, list of is-same flags)');
  }
  const [images, issame] = value;
  const badImage = images.findIndex((image) => !(image instanceof Uint8Array));
  if (badImage >= 0) throw new DatasetFormatError(file, null, `image ${badImage} is not a byte string`);
  const badFlag = issame.findIndex((flag) => typeof flag !== 'boolean');
  if (badFlag >= 0) throw new DatasetFormatError(file, null, `is-same flag ${badFlag} is not a bool`);
  if (images.length !== 2 * issame.length) {
    throw new DatasetFormatError(file, null, `${images.length} images for ${issame.length} pairs (expected two per pair)`);
  }
  return { images: images as Uint8Array[], issame: issame as boolean[] };
}

export async function writeVerificationBin(path: string, bin: VerificationBin): Promise<void> {
  if (bin.images.length !== 2 * bin.issame.length) throw new RangeError(`${bin.images.length} images for ${bin.issame.length} pairs (expected two per pair)`);
  await writeFile(path, writePickle({ tuple: [bin.images, bin.issame] }));
}

/** Fold of each of `count` items split into `folds` consecutive parts, the first `count % folds` one larger (KFold). */
export function consecutiveFolds(count: number, folds: number): Int32Array {
  const out = new Int32Array(count);
  const base = Math.floor(count / folds);
  const larger = count % folds;
  let index = 0;
  for (let fold = 0; fold < folds; fold++) {
    const size = base + (fold < larger ? 1 : 0);
    out.fill(fold, index, index + size);
    index += size;
  }
  return out;
}
