import { readFile } from 'node:fs/promises';
import type { FaceDataset } from '../face-dataset.js';
import { decodeImage } from '../formats/image-codec.js';
import { scanImageFolder } from '../formats/image-folder.js';
import { IndexedDataset, type DatasetRuntime } from '../indexed-dataset.js';
import { defaultPairsPerFold, drawVerificationPairs, splitTrainingIdentities, VERIFICATION_FOLDS } from '../splits.js';
import { evaluationIdentityCount } from './held-out-identities.js';
import { consecutiveGroups } from './identity-groups.js';
import { nativeImageSize } from './native-size.js';

/** Seed of the drawn verification pairs of folder and rec sets (they have no seed of their own). */
export const FILE_SET_PAIR_SEED = 1;

/** One folder per identity; the last eval_identities (by name) only appear in verification pairs. */
export async function openFolderDataset(uri: string, path: string, requestedEvalIdentities: number | null, runtime: DatasetRuntime): Promise<FaceDataset> {
  const scan = await scanImageFolder(path);
  const names = scan.identities.map((identity) => identity.name);
  const files = scan.identities.flatMap((identity) => identity.files);
  const { groups, imageIdentity } = consecutiveGroups(scan.identities.map((identity) => identity.files.length));
  const evalCount = scan.identities.length === 0 ? 0 : evaluationIdentityCount(requestedEvalIdentities, scan.identities.length);
  const trainCount = scan.identities.length - evalCount;
  const { training, probes, gallery } = splitTrainingIdentities(groups.slice(0, trainCount));
  const evalGroups = groups.slice(trainCount);
  const evalImages = evalGroups.reduce((sum, g) => sum + g.length, 0);
  const pairs = drawVerificationPairs(evalGroups, FILE_SET_PAIR_SEED, defaultPairsPerFold(evalImages));
  const read = (image: number) => readFile(files[image]);
  return new IndexedDataset(
    {
      uri,
      format: 'folder',
      imageSize: await nativeImageSize(read, files.length),
      imageCount: files.length,
      identityCount: names.length,
      identityName: (identity) => names[identity],
      imageIdentity,
      training,
      evaluation: { pairs, folds: pairs.length > 0 ? VERIFICATION_FOLDS : 0, probes, gallery },
      pixels: {
        mayFail: true,
        load: async (image, size) => decodeImage(await read(image), size),
        where: (image) => files[image],
        close: async () => {},
      },
      skippedAtOpen: scan.ignored,
    },
    runtime,
  );
}
