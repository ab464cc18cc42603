import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodedPattern, patternImage } from '../testing/pattern-images.js';
import { decodeImage } from './image-codec.js';
import { ImageFolderWriter, scanImageFolder } from './image-folder.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'facenas-folder-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('image folders', () => {
  it('sorts identities and files by name, takes JPEG/PNG in any case and lists other files', async () => {
    const root = join(dir, 'casia');
    for (const name of ['0000102', '0000045', 'Zed', 'alpha', '.hidden', 'empty']) await mkdir(join(root, name), { recursive: true });
    const png = await encodedPattern(0, 0, 8, 'png');
    await writeFile(join(root, '0000045', '002.JPG'), png);
    await writeFile(join(root, '0000045', '001.jpeg'), png);
    await writeFile(join(root, '0000045', 'notes.txt'), 'x');
    await writeFile(join(root, '0000045', '.DS_Store'), 'x');
    await mkdir(join(root, '0000045', 'nested'));
    await writeFile(join(root, '0000102', 'a.PNG'), png);
    await writeFile(join(root, 'Zed', 'z.png'), png);
    await writeFile(join(root, 'alpha', 'a.jpg'), png);
    await writeFile(join(root, '.hidden', 'h.jpg'), png);
    await writeFile(join(root, 'README.md'), 'top-level files are not identities');
    const scan = await scanImageFolder(root);
    expect(scan.identities.map((i) => i.name)).toEqual(['0000045', '0000102', 'Zed', 'alpha']);
    expect(scan.identities[0].files).toEqual([join(root, '0000045', '001.jpeg'), join(root, '0000045', '002.JPG')]);
    expect(scan.ignored).toEqual([
      { path: join(root, '0000045', 'nested'), reason: 'a folder inside an identity folder' },
      { path: join(root, '0000045', 'notes.txt'), reason: 'not a .jpg, .jpeg or .png file' },
    ]);
  });

  it('fails with NOT_FOUND for a missing folder', async () => {
    await expect(scanImageFolder(join(dir, 'nope'))).rejects.toMatchObject({ kind: 'NOT_FOUND' });
  });

  it('writes LFW-named and plain trees', async () => {
    const lfw = new ImageFolderWriter(join(dir, 'lfw'), 'lfw');
    expect(await lfw.add('Ann_Lee', await encodedPattern(1, 0, 8, 'png'), 'png')).toBe(1);
    expect(await lfw.add('Ann_Lee', await encodedPattern(1, 1, 8, 'png'), 'png')).toBe(2);
    const scan = await scanImageFolder(join(dir, 'lfw'));
    expect(scan.identities[0].files).toEqual([join(dir, 'lfw', 'Ann_Lee', 'Ann_Lee_0001.png'), join(dir, 'lfw', 'Ann_Lee', 'Ann_Lee_0002.png')]);
    const plain = new ImageFolderWriter(join(dir, 'plain'), 'plain');
    await plain.add('7', await encodedPattern(2, 0, 8, 'jpeg'), 'jpeg');
    expect((await scanImageFolder(join(dir, 'plain'))).identities[0].files).toEqual([join(dir, 'plain', '7', '0001.jpg')]);
    await expect(plain.add('../x', new Uint8Array(1), 'png')).rejects.toThrow('cannot be a folder name');
  });
});

describe('image decoding', () => {
  it('decodes PNG exactly, turns greyscale and alpha into RGB and centre-crops non-square images', async () => {
    const png = await encodedPattern(3, 2, 16, 'png');
    expect(Buffer.from(await decodeImage(png, 16)).equals(Buffer.from(patternImage(3, 2, 16)))).toBe(true);
    const grey = await sharp(Buffer.alloc(4 * 4, 77), { raw: { width: 4, height: 4, channels: 1 } }).png().toBuffer();
    expect([...(await decodeImage(grey, 4))].every((v) => v === 77)).toBe(true);
    const rgba = await sharp(Buffer.alloc(2 * 2 * 4, 200), { raw: { width: 2, height: 2, channels: 4 } }).png().toBuffer();
    expect(await decodeImage(rgba, 2)).toEqual(new Uint8Array(12).fill(200));
    // 6 wide x 2 high: left third 0, middle third 100, right third 250; 'cover' keeps the middle.
    const wide = Buffer.alloc(6 * 2 * 3);
    for (let y = 0; y < 2; y++) for (let x = 0; x < 6; x++) wide.fill(x < 2 ? 0 : x < 4 ? 100 : 250, (y * 6 + x) * 3, (y * 6 + x) * 3 + 3);
    const widePng = await sharp(wide, { raw: { width: 6, height: 2, channels: 3 } }).png().toBuffer();
    expect(await decodeImage(widePng, 2)).toEqual(new Uint8Array(12).fill(100));
  });

  it('rejects a truncated JPEG', async () => {
    const jpeg = await encodedPattern(1, 1, 32, 'jpeg');
    await expect(decodeImage(jpeg.subarray(0, jpeg.length >> 1), 32)).rejects.toThrow(/premature end|corrupt/i);
  });
});
