import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { NotFoundError } from '../../common/errors/errors.js';
import { DatasetFormatError } from './format-error.js';
import { scanImageFolder, type ImageFolderScan } from './image-folder.js';
import { lfwImagePath, parseLfwPairs, type LfwPairs } from './lfw-pairs.js';

// LFW: Name/Name_0001.jpg under the root, and a pairs file (pairs.txt inside the root
// unless another is named). Every image a pair names must exist.

export interface LfwLayout {
  scan: ImageFolderScan;
  pairsFile: string;
  pairs: LfwPairs;
  /** For each pair, the two images as [identity index, file index] into `scan.identities`. */
  resolved: { a: [number, number]; b: [number, number] }[];
}

export async function readLfw(root: string, pairsFile = join(root, 'pairs.txt')): Promise<LfwLayout> {
  const scan = await scanImageFolder(root);
  let text: string;
  try {
    text = await readFile(pairsFile, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new NotFoundError('LFW pairs file (put pairs.txt in the root or add ?pairs=/path)', pairsFile);
    throw err;
  }
  const pairs = parseLfwPairs(text, pairsFile);

  // "Name/Name_0001" (no extension) → position, so .jpg, .jpeg and .png all resolve.
  const positions = new Map<string, [number, number]>();
  scan.identities.forEach((identity, i) =>
    identity.files.forEach((file, j) => positions.set(relative(root, file).replace(/\.[^./]+$/, ''), [i, j])),
  );
  const find = (name: string, number: number, line: number): [number, number] => {
    const path = lfwImagePath({ name, number });
    const found = positions.get(path.replace(/\.jpg$/, ''));
    if (!found) throw new DatasetFormatError(pairsFile, { line }, `image ${path} not found under ${root}`);
    return found;
  };
  const resolved = pairs.pairs.map((pair) => ({ a: find(pair.a.name, pair.a.number, pair.line), b: find(pair.b.name, pair.b.number, pair.line) }));
  return { scan, pairsFile, pairs, resolved };
}

