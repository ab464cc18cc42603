import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { encodeImage, type EncodedImageFormat } from '../formats/image-codec.js';

// Small images with known pixels for tests: every (identity, index) gives a different
// smooth pattern, so a wrong image or a mirrored one is caught pixel by pixel.

export function patternImage(identity: number, index: number, size: number): Uint8Array {
  const pixels = new Uint8Array(size * size * 3);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const at = (y * size + x) * 3;
      pixels[at] = (identity * 40 + x * 4) & 0xff;
      pixels[at + 1] = (index * 50 + y * 4) & 0xff;
      pixels[at + 2] = (identity * 13 + index * 7 + ((x * y) >> 2)) & 0xff;
    }
  }
  return pixels;
}

export async function encodedPattern(identity: number, index: number, size: number, format: EncodedImageFormat): Promise<Buffer> {
  return encodeImage(patternImage(identity, index, size), size, size, format);
}

/** Writes root/<names[i]>/<file>, images numbered from 1 with `fileName`, counts[i] per identity. */
export async function writePatternTree(
  root: string,
  names: readonly string[],
  counts: readonly number[],
  size: number,
  format: EncodedImageFormat,
  fileName: (name: string, number: number) => string = (_, n) => `${String(n).padStart(4, '0')}.${format === 'png' ? 'png' : 'jpg'}`,
): Promise<void> {
  for (let i = 0; i < names.length; i++) {
    await mkdir(join(root, names[i]), { recursive: true });
    for (let n = 1; n <= counts[i]; n++) await writeFile(join(root, names[i], fileName(names[i], n)), await encodedPattern(i, n - 1, size, format));
  }
}

/** Largest absolute difference between two byte arrays of equal length. */
export function maxAbsDifference(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) throw new RangeError(`lengths differ: ${a.length} and ${b.length}`);
  let most = 0;
  for (let i = 0; i < a.length; i++) most = Math.max(most, Math.abs(a[i] - b[i]));
  return most;
}
