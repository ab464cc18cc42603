import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidArgumentError } from '../common/errors/errors.js';
import type { FaceDataset, VerificationPair } from './face-dataset.js';
import { encodeImage, type EncodedImageFormat } from './formats/image-codec.js';
import { ImageFolderWriter } from './formats/image-folder.js';
import { InsightFaceRecWriter } from './formats/insightface-rec.js';
import { formatLfwPairs, type LfwPair } from './formats/lfw-pairs.js';
import { writeVerificationBin } from './formats/verification-bin.js';
import { checkImageSize } from './request-limits.js';

export const EXPORT_FORMATS = ['lfw', 'folder', 'rec', 'bin'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportOptions {
  format: ExportFormat;
  /** Output folder (created). */
  out: string;
  /** JPEG (quality 95, what the real sets hold; the default) or lossless PNG. */
  imageFormat?: EncodedImageFormat;
  /** 0 = the dataset's own size. */
  imageSize?: number;
}

export interface ExportSummary {
  format: ExportFormat;
  out: string;
  identities: number;
  images: number;
  pairs: number;
  /** Images that failed to decode and were left out (pairs that need them too). */
  skipped: number;
}

const LOAD_CHUNK = 64;

/**
 * Writes a dataset in a real format:
 * - folder: every identity (training ones first) as <name>/0001.jpg...
 * - lfw: the same tree with LFW's names (<name>/<name>_0001.jpg) and pairs.txt
 *   holding the dataset's pairs (each fold trimmed to its smallest kind count, as
 *   pairs.txt needs N same and N different pairs in every fold);
 * - rec: train.rec / train.idx / property with every identity as a class;
 * - bin: the verification pairs' images and is-same flags (pair i = images 2i, 2i+1).
 * Reading the output back (`folder:`/`lfw:`/`rec:`/`bin:`) gives the same identities
 * in the same order, and for bin and lfw the same pairs.
 */
export async function exportDataset(dataset: FaceDataset, options: ExportOptions): Promise<ExportSummary> {
  const size = checkImageSize(options.imageSize ?? 0, dataset.imageSize, 'image_size');
  const imageFormat = options.imageFormat ?? 'jpeg';
  if (options.format !== 'bin' && dataset.identityCount === 0) {
    throw new InvalidArgumentError('format', `${dataset.format}: datasets have no identities; export them as bin`);
  }
  await mkdir(options.out, { recursive: true });
  const encode = (pixels: Uint8Array) => encodeImage(pixels, size, size, imageFormat);
  if (options.format === 'bin') return exportBin(dataset, options, size, encode);

  const groups = identityGroups(dataset);
  const names = groups.map((_, identity) => dataset.identityName(identity));
  if (options.format === 'lfw') {
    const bad = names.find((name) => /\s/.test(name));
    if (bad !== undefined) throw new InvalidArgumentError('format', `identity ${JSON.stringify(bad)} has whitespace, which pairs.txt cannot hold`);
  }
  const rec = options.format === 'rec' ? await InsightFaceRecWriter.create(options.out, [size, size]) : null;
  const folder = options.format === 'rec' ? null : new ImageFolderWriter(options.out, options.format === 'lfw' ? 'lfw' : 'plain');
  /** LFW number (from 1) of each written image, for pairs.txt. */
  const numberOf = new Map<number, number>();
  let images = 0;
  let skipped = 0;
  for (let identity = 0; identity < groups.length; identity++) {
    const encoded: Uint8Array[] = [];
    for (let start = 0; start < groups[identity].length; start += LOAD_CHUNK) {
      const ids = groups[identity].slice(start, start + LOAD_CHUNK);
      const loaded = await dataset.loadImages(ids, size);
      for (let k = 0; k < ids.length; k++) {
        const pixels = loaded[k];
        if (!pixels) {
          skipped++;
          continue;
        }
        const bytes = await encode(pixels);
        if (folder) numberOf.set(ids[k], await folder.add(names[identity], bytes, imageFormat));
        else encoded.push(bytes);
        images++;
      }
    }
    await rec?.addIdentity(encoded);
  }
  await rec?.close();
  let pairs = 0;
  if (options.format === 'lfw') {
    const kept = lfwPairs(dataset.evaluation.pairs, dataset.evaluation.folds, (image) => {
      const number = numberOf.get(image);
      return number === undefined ? null : { name: names[dataset.identityOf(image)], number };
    });
    await writeFile(join(options.out, 'pairs.txt'), formatLfwPairs({ style: 'folds', folds: kept.folds, perFold: kept.perFold, pairs: kept.pairs }));
    pairs = kept.pairs.length;
  }
  return { format: options.format, out: options.out, identities: groups.length, images, pairs, skipped };
}

/** Image ids of each identity, in id order. */
function identityGroups(dataset: FaceDataset): number[][] {
  const groups: number[][] = Array.from({ length: dataset.identityCount }, () => []);
  for (let image = 0; image < dataset.imageCount; image++) {
    const identity = dataset.identityOf(image);
    if (identity >= 0) groups[identity].push(image);
  }
  return groups;
}

function lfwPairs(
  pairs: readonly VerificationPair[],
  folds: number,
  name: (image: number) => { name: string; number: number } | null,
): { folds: number; perFold: number; pairs: Omit<LfwPair, 'line'>[] } {
  const usable = pairs.flatMap((p) => {
    const a = name(p.a);
    const b = name(p.b);
    return a && b ? [{ same: p.same, fold: p.fold, a, b }] : [];
  });
  if (folds === 0 || usable.length === 0) return { folds: 0, perFold: 0, pairs: [] };
  let perFold = Infinity;
  for (let fold = 0; fold < folds; fold++) {
    for (const same of [true, false]) perFold = Math.min(perFold, usable.filter((p) => p.fold === fold && p.same === same).length);
  }
  const taken = new Map<string, number>();
  const kept = usable.filter((p) => {
    const key = `${p.fold}:${p.same}`;
    const n = taken.get(key) ?? 0;
    taken.set(key, n + 1);
    return n < perFold;
  });
  return perFold === 0 ? { folds: 0, perFold: 0, pairs: [] } : { folds, perFold, pairs: kept };
}

async function exportBin(dataset: FaceDataset, options: ExportOptions, size: number, encode: (pixels: Uint8Array) => Promise<Buffer>): Promise<ExportSummary> {
  const images: Uint8Array[] = [];
  const issame: boolean[] = [];
  let skipped = 0;
  const pairs = dataset.evaluation.pairs;
  for (let start = 0; start < pairs.length; start += LOAD_CHUNK) {
    const slice = pairs.slice(start, start + LOAD_CHUNK);
    const loaded = await dataset.loadImages(
      slice.flatMap((p) => [p.a, p.b]),
      size,
    );
    for (let k = 0; k < slice.length; k++) {
      const a = loaded[2 * k];
      const b = loaded[2 * k + 1];
      if (!a || !b) {
        skipped += Number(!a) + Number(!b);
        continue;
      }
      images.push(await encode(a), await encode(b));
      issame.push(slice[k].same);
    }
  }
  await writeVerificationBin(join(options.out, `${binName(dataset)}.bin`), { images, issame });
  return { format: 'bin', out: options.out, identities: 0, images: images.length, pairs: issame.length, skipped };
}

/** lfw.bin for LFW, the source's own name for a bin, else "verification.bin". */
function binName(dataset: FaceDataset): string {
  if (dataset.format === 'lfw') return 'lfw';
  if (dataset.format === 'bin') return (dataset.uri.split('/').pop() ?? 'verification.bin').replace(/\.bin$/, '');
  return 'verification';
}
