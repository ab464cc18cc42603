import type { FaceDataset, VerificationPair } from '../face-dataset.js';
import { decodeImage } from '../formats/image-codec.js';
import { consecutiveFolds, readVerificationBin, VERIFICATION_BIN_FOLDS } from '../formats/verification-bin.js';
import { IndexedDataset, type DatasetRuntime } from '../indexed-dataset.js';
import { nativeImageSize } from './native-size.js';

/** An InsightFace verification bin: pairs (2i, 2i+1) in ten consecutive folds; no training, no identities. */
export async function openBinDataset(uri: string, path: string, runtime: DatasetRuntime): Promise<FaceDataset> {
  const bin = await readVerificationBin(path);
  const folds = Math.min(VERIFICATION_BIN_FOLDS, bin.issame.length);
  const foldOf = consecutiveFolds(bin.issame.length, folds);
  const pairs: VerificationPair[] = bin.issame.map((same, i) => ({ a: 2 * i, b: 2 * i + 1, same, fold: foldOf[i] }));
  const read = async (image: number) => bin.images[image];
  return new IndexedDataset(
    {
      uri,
      format: 'bin',
      imageSize: await nativeImageSize(read, bin.images.length),
      imageCount: bin.images.length,
      identityCount: 0,
      identityName: () => '',
      imageIdentity: null,
      training: null,
      evaluation: { pairs, folds, probes: [], gallery: [] },
      pixels: {
        mayFail: true,
        load: async (image, size) => decodeImage(bin.images[image], size),
        where: (image) => `${path} image ${image}`,
        close: async () => {},
      },
      skippedAtOpen: [],
    },
    runtime,
  );
}
