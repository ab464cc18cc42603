import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { NotFoundError } from '../../common/errors/errors.js';
import { mapWithConcurrency } from '../concurrency.js';
import { DatasetFormatError } from './format-error.js';
import type { EncodedImageFormat } from './image-codec.js';
import type { SkippedImage } from './skipped-image.js';

// One folder per identity (CASIA-WebFace, MS1M exports, LFW's tree): identities and
// their files are sorted by name (code-unit order, independent of locale).

export const IMAGE_FILE = /\.(jpe?g|png)$/i;

export interface IdentityFiles {
  name: string;
  /** Absolute paths, sorted by file name. */
  files: string[];
}

export interface ImageFolderScan {
  root: string;
  identities: IdentityFiles[];
  /** Files inside identity folders that are not JPEG/PNG by name. */
  ignored: SkippedImage[];
}

export function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export async function scanImageFolder(root: string): Promise<ImageFolderScan> {
  let entries;
  try {
    entries = await readdir(root, { withFileTypes: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new NotFoundError('dataset folder', root);
    if (code === 'ENOTDIR') throw new DatasetFormatError(root, null, 'is a file, expected a folder with one sub-folder per identity');
    throw err;
  }
  const folders = entries.filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name).sort(byName);
  const ignored: SkippedImage[] = [];
  const scanned = await mapWithConcurrency(folders, 16, async (name) => {
    const dir = join(root, name);
    const files: string[] = [];
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      if (entry.isFile() && IMAGE_FILE.test(entry.name)) files.push(entry.name);
      else ignored.push({ path, reason: entry.isDirectory() ? 'a folder inside an identity folder' : 'not a .jpg, .jpeg or .png file' });
    }
    return { name, files: files.sort(byName).map((f) => join(dir, f)) };
  });
  ignored.sort((a, b) => byName(a.path, b.path));
  return { root, identities: scanned.filter((identity) => identity.files.length > 0), ignored };
}

/**
 * Writes images into identity folders. `lfw` naming gives LFW's Name/Name_0001.jpg;
 * `plain` gives Name/0001.jpg. Numbers count from 1 per identity, in call order.
 */
export class ImageFolderWriter {
  private readonly counts = new Map<string, number>();

  constructor(
    readonly root: string,
    private readonly naming: 'lfw' | 'plain',
  ) {}

  /** Writes the identity's next image; returns its number (from 1). */
  async add(identity: string, bytes: Uint8Array, format: EncodedImageFormat): Promise<number> {
    if (identity === '' || identity.includes('/') || identity.startsWith('.')) throw new RangeError(`identity name ${JSON.stringify(identity)} cannot be a folder name`);
    const number = (this.counts.get(identity) ?? 0) + 1;
    if (number === 1) await mkdir(join(this.root, identity), { recursive: true });
    this.counts.set(identity, number);
    const stem = String(number).padStart(4, '0');
    const file = `${this.naming === 'lfw' ? `${identity}_${stem}` : stem}.${format === 'jpeg' ? 'jpg' : 'png'}`;
    await writeFile(join(this.root, identity, file), bytes);
    return number;
  }
}
