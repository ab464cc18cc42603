import { mkdir, mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InsightFaceRecWriter, openInsightFaceRec } from './insightface-rec.js';
import { IR_HEADER_BYTES, packImageRecord, unpackImageRecord } from './ir-header.js';
import { decodeRecords, encodeRecord, RECORDIO_MAGIC } from './recordio.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'facenas-rec-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Fake "image" bytes whose payload (after the 24-byte IRHeader) holds the magic at an aligned offset. */
function bytesWithMagic(seed: number, length: number): Uint8Array {
  const bytes = Uint8Array.from({ length }, (_, i) => (seed * 31 + i * 7) & 0xff);
  new DataView(bytes.buffer).setUint32(8, RECORDIO_MAGIC, true); // payload offset 32: aligned
  return bytes;
}

async function writeRec(name: string, identities: Uint8Array[][]): Promise<string> {
  const out = join(dir, name);
  await mkdir(out, { recursive: true });
  const writer = await InsightFaceRecWriter.create(out, [112, 112]);
  for (const images of identities) await writer.addIdentity(images);
  expect(await writer.close()).toEqual({ images: identities.flat().length, classes: identities.length });
  return join(out, 'train.rec');
}

describe('IRHeader', () => {
  it('packs like struct "IfQQ" plus float32 labels when there are several', () => {
    const one = packImageRecord(7, 3, Uint8Array.from([9]));
    expect([...one]).toEqual([0, 0, 0, 0, 0, 0, 0xe0, 0x40, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9]);
    const many = packImageRecord([1, 4], 0, new Uint8Array(0));
    expect(many.length).toBe(IR_HEADER_BYTES + 8);
    expect(unpackImageRecord(many)).toMatchObject({ flag: 2, labels: [1, 4], id: 0n });
    expect(unpackImageRecord(Buffer.alloc(10))).toBe('record payload has 10 bytes, less than the 24-byte IRHeader');
  });
});

describe('InsightFace train.rec', () => {
  it('writes InsightFace\'s layout: header record, image records, identity records, .idx and property', async () => {
    const identities = [[bytesWithMagic(1, 40), bytesWithMagic(2, 41)], [bytesWithMagic(3, 42)], [bytesWithMagic(4, 43), bytesWithMagic(5, 44), bytesWithMagic(6, 45)]];
    const recPath = await writeRec('written', identities);
    const records = decodeRecords(await readFile(recPath)).map((r) => unpackImageRecord(r.payload));
    // Keys: 0 header, 1..6 images, 7..9 identities.
    expect(records.map((r) => (typeof r === 'string' ? r : r.labels))).toEqual([[7, 10], [0], [0], [1], [2], [2], [2], [1, 3], [3, 4], [4, 7]]);
    expect(await readFile(join(dir, 'written', 'property'), 'utf8')).toBe('3,112,112');
    const idx = (await readFile(join(dir, 'written', 'train.idx'), 'utf8')).trim().split('\n');
    expect(idx.length).toBe(10);
    expect(idx[0]).toBe('0\t0');

    const rec = await openInsightFaceRec(recPath);
    try {
      expect(rec.classes).toBe(3);
      expect(rec.imageShape).toEqual([112, 112]);
      expect([...rec.imageKeys]).toEqual([1, 2, 3, 4, 5, 6]);
      expect([...rec.labels]).toEqual([0, 0, 1, 2, 2, 2]);
      const flat = identities.flat();
      for (let i = 0; i < flat.length; i++) expect(Buffer.from(await rec.readImage(rec.imageKeys[i])).equals(Buffer.from(flat[i]))).toBe(true);
    } finally {
      await rec.close();
    }
  });

  it('splits an image record whose payload holds the magic, and reads it back whole', async () => {
    const image = bytesWithMagic(9, 20);
    const payload = packImageRecord(0, 1, image);
    const encoded = encodeRecord(payload);
    // One record of 44 payload bytes split at offset 32 into 32 + 8 bytes: two part headers.
    expect(encoded.length).toBe(8 + 32 + 8 + 8);
    expect(encoded.readUInt32LE(4) >>> 29).toBe(1);
    expect(encoded.readUInt32LE(8 + 32 + 4) >>> 29).toBe(3);
    const recPath = await writeRec('split', [[image]]);
    const rec = await openInsightFaceRec(recPath);
    try {
      expect(Buffer.from(await rec.readImage(1)).equals(Buffer.from(image))).toBe(true);
    } finally {
      await rec.close();
    }
  });

  it('names the byte offset when the .rec is truncated or starts with a bad magic', async () => {
    const recPath = await writeRec('cut', [[bytesWithMagic(1, 40)], [bytesWithMagic(2, 40)]]);
    const idx = (await readFile(join(dir, 'cut', 'train.idx'), 'utf8')).trim().split('\n').map((l) => Number(l.split('\t')[1]));
    const lastOffset = Math.max(...idx);
    const size = (await readFile(recPath)).length;
    await truncate(recPath, size - 4);
    await expect(openInsightFaceRec(recPath)).rejects.toThrow(`${recPath} at byte offset ${lastOffset}: truncated record`);

    const badPath = await writeRec('bad', [[bytesWithMagic(1, 40)]]);
    const bytes = await readFile(badPath);
    bytes.writeUInt32LE(0x12345678, 0);
    await writeFile(badPath, bytes);
    await expect(openInsightFaceRec(badPath)).rejects.toThrow(`${badPath} at byte offset 0: bad magic 0x12345678 (expected 0xced7230a)`);
  });

  it('reads a plain im2rec file (no header record, no .idx): every record is an image labelled by its IRHeader', async () => {
    const out = join(dir, 'plain');
    await mkdir(out, { recursive: true });
    const labels = [5, 2, 5, 9];
    await writeFile(join(out, 'data.rec'), Buffer.concat(labels.map((label, key) => encodeRecord(packImageRecord(label, key, Uint8Array.from([key]))))));
    const rec = await openInsightFaceRec(join(out, 'data.rec'));
    try {
      expect(rec.classes).toBe(3);
      expect(rec.imageShape).toBeNull();
      // Classes by label value (2, 5, 9 → 0, 1, 2), images grouped by class in key order.
      expect([...rec.imageKeys]).toEqual([1, 0, 2, 3]);
      expect([...rec.labels]).toEqual([0, 1, 1, 2]);
      expect([...(await rec.readImage(2))]).toEqual([2]);
    } finally {
      await rec.close();
    }
  });

  it('names the line of a bad .idx entry', async () => {
    const recPath = await writeRec('badidx', [[bytesWithMagic(1, 40)]]);
    await writeFile(join(dir, 'badidx', 'train.idx'), '0\t0\n1 x\n');
    await expect(openInsightFaceRec(recPath)).rejects.toThrow(`${join(dir, 'badidx', 'train.idx')}:2: expected "key<TAB>offset", got "1 x"`);
  });
});
