import type { FaceDataset } from '../face-dataset.js';
import { decodeImage } from '../formats/image-codec.js';
import { openInsightFaceRec } from '../formats/insightface-rec.js';
import { IndexedDataset, type DatasetRuntime } from '../indexed-dataset.js';
import { defaultPairsPerFold, drawVerificationPairs, splitTrainingIdentities, VERIFICATION_FOLDS } from '../splits.js';
import { FILE_SET_PAIR_SEED } from './folder-dataset.js';
import { evaluationIdentityCount } from './held-out-identities.js';
import { nativeImageSize } from './native-size.js';

/** Class c's name: seven digits, as CASIA-WebFace names its folders (so names sort like numbers). */
export function classFolderName(label: number): string {
  return String(label).padStart(7, '0');
}

/** InsightFace train.rec: classes in record order; the last eval_identities only appear in verification pairs. */
export async function openRecDataset(uri: string, path: string, requestedEvalIdentities: number | null, runtime: DatasetRuntime): Promise<FaceDataset> {
  const rec = await openInsightFaceRec(path);
  try {
    // Image ids are positions in rec.imageKeys, which the reader groups by class in order.
    const groups: Int32Array[] = [];
    let start = 0;
    for (let c = 0; c < rec.classes; c++) {
      let end = start;
      while (end < rec.labels.length && rec.labels[end] === c) end++;
      groups.push(Int32Array.from({ length: end - start }, (_, k) => start + k));
      start = end;
    }
    const evalCount = rec.classes === 0 ? 0 : evaluationIdentityCount(requestedEvalIdentities, rec.classes);
    const trainCount = rec.classes - evalCount;
    const { training, probes, gallery } = splitTrainingIdentities(groups.slice(0, trainCount));
    const evalGroups = groups.slice(trainCount);
    const pairs = drawVerificationPairs(evalGroups, FILE_SET_PAIR_SEED, defaultPairsPerFold(evalGroups.reduce((sum, g) => sum + g.length, 0)));
    const read = (image: number) => rec.readImage(rec.imageKeys[image]);
    const imageSize = rec.imageShape ? Math.min(...rec.imageShape) : await nativeImageSize(read, rec.imageKeys.length);
    return new IndexedDataset(
      {
        uri,
        format: 'rec',
        imageSize,
        imageCount: rec.imageKeys.length,
        identityCount: rec.classes,
        identityName: classFolderName,
        imageIdentity: rec.labels,
        training,
        evaluation: { pairs, folds: pairs.length > 0 ? VERIFICATION_FOLDS : 0, probes, gallery },
        pixels: {
          mayFail: true,
          load: async (image, size) => decodeImage(await read(image), size),
          where: (image) => rec.describeRecord(rec.imageKeys[image]),
          close: () => rec.close(),
        },
        skippedAtOpen: [],
      },
      runtime,
    );
  } catch (err) {
    await rec.close();
    throw err;
  }
}
