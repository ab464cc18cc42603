import { readFile } from 'node:fs/promises';
import type { FaceDataset, VerificationPair } from '../face-dataset.js';
import { decodeImage } from '../formats/image-codec.js';
import { readLfw } from '../formats/lfw.js';
import { IndexedDataset, type DatasetRuntime } from '../indexed-dataset.js';
import { splitTrainingIdentities, VERIFICATION_FOLDS } from '../splits.js';
import { consecutiveGroups } from './identity-groups.js';
import { nativeImageSize } from './native-size.js';

/**
 * LFW: verification pairs and folds from the pairs file; training (a smoke test
 * only: LFW is an evaluation set) and identification over every identity. A dev
 * file (pairsDevTrain/Test.txt) is one fold: it is dealt into ten balanced folds
 * (pair k of each kind into fold k mod 10) so the 10-fold protocol still applies.
 */
export async function openLfwDataset(uri: string, path: string, pairsFile: string | null, runtime: DatasetRuntime): Promise<FaceDataset> {
  const lfw = await readLfw(path, pairsFile ?? undefined);
  const names = lfw.scan.identities.map((identity) => identity.name);
  const files = lfw.scan.identities.flatMap((identity) => identity.files);
  const { groups, imageIdentity } = consecutiveGroups(lfw.scan.identities.map((identity) => identity.files.length));
  const { training, probes, gallery } = splitTrainingIdentities(groups);
  const dealt = lfw.pairs.style === 'dev';
  const folds = dealt ? Math.min(VERIFICATION_FOLDS, lfw.pairs.perFold) : lfw.pairs.folds;
  const pairs: VerificationPair[] = lfw.pairs.pairs.map((pair, i) => {
    const [ia, ja] = lfw.resolved[i].a;
    const [ib, jb] = lfw.resolved[i].b;
    const withinKind = i % lfw.pairs.perFold;
    return { a: groups[ia][ja], b: groups[ib][jb], same: pair.same, fold: dealt ? withinKind % folds : pair.fold };
  });
  if (dealt) pairs.sort((p, q) => p.fold - q.fold || Number(q.same) - Number(p.same));
  const read = (image: number) => readFile(files[image]);
  return new IndexedDataset(
    {
      uri,
      format: 'lfw',
      imageSize: await nativeImageSize(read, files.length),
      imageCount: files.length,
      identityCount: names.length,
      identityName: (identity) => names[identity],
      imageIdentity,
      training,
      evaluation: { pairs, folds: pairs.length > 0 ? folds : 0, probes, gallery },
      pixels: {
        mayFail: true,
        load: async (image, size) => decodeImage(await read(image), size),
        where: (image) => files[image],
        close: async () => {},
      },
      skippedAtOpen: lfw.scan.ignored,
    },
    runtime,
  );
}
