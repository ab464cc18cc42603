import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeRecords, encodeRecord, RecordIOFile } from './recordio.js';

const MAGIC = [0x0a, 0x23, 0xd7, 0xce]; // 0xCED7230A little-endian

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'facenas-recordio-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('RecordIO encoding', () => {
  it('writes a plain record as magic, length, data and zero padding to 4 bytes', () => {
    expect([...encodeRecord(Uint8Array.from([1, 2, 3, 4, 5]))]).toEqual([...MAGIC, 5, 0, 0, 0, 1, 2, 3, 4, 5, 0, 0, 0]);
  });

  it('splits where the magic sits at an aligned offset of the payload (hand-made bytes)', () => {
    const payload = Uint8Array.from([1, 2, 3, 4, ...MAGIC, 5, 6]);
    const expected = [
      ...MAGIC, 0x04, 0, 0, 0x20, 1, 2, 3, 4, // flag 1 (first), 4 bytes
      ...MAGIC, 0x02, 0, 0, 0x60, 5, 6, 0, 0, // flag 3 (last), 2 bytes + padding
    ];
    expect([...encodeRecord(payload)]).toEqual(expected);
    const [record] = decodeRecords(Uint8Array.from(expected));
    expect([...record.payload]).toEqual([...payload]);
  });

  it('leaves a magic at an unaligned offset alone', () => {
    const payload = Uint8Array.from([1, 2, ...MAGIC, 3]);
    expect([...encodeRecord(payload)]).toEqual([...MAGIC, 7, 0, 0, 0, 1, 2, ...MAGIC, 3, 0]);
  });

  it('handles empty parts: a payload that starts with the magic, and two magics in a row', () => {
    const leading = Uint8Array.from([...MAGIC, 9]);
    expect([...encodeRecord(leading)]).toEqual([...MAGIC, 0, 0, 0, 0x20, ...MAGIC, 1, 0, 0, 0x60, 9, 0, 0, 0]);
    const double = Uint8Array.from([...MAGIC, ...MAGIC]);
    expect([...encodeRecord(double)]).toEqual([...MAGIC, 0, 0, 0, 0x20, ...MAGIC, 0, 0, 0, 0x40, ...MAGIC, 0, 0, 0, 0x60]);
    const decoded = decodeRecords(Buffer.concat([encodeRecord(leading), encodeRecord(double)]));
    expect(decoded.map((r) => [...r.payload])).toEqual([[...leading], [...double]]);
    expect(decoded.map((r) => r.offset)).toEqual([0, 20]);
  });

  it('round-trips random payloads with many magics', () => {
    for (let trial = 0; trial < 50; trial++) {
      const words = 1 + ((trial * 7) % 40);
      const bytes = new Uint8Array(words * 4 + (trial % 4));
      for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31 + trial) & 0xff;
      for (let w = 0; w < words; w += 3) bytes.set(MAGIC, w * 4);
      const [record] = decodeRecords(encodeRecord(bytes));
      expect(Buffer.compare(record.payload, Buffer.from(bytes))).toBe(0);
    }
  });
});

describe('RecordIO file reading', () => {
  it('reads records at their offsets, including split ones longer than the first read', async () => {
    const big = new Uint8Array(70_000).map((_, i) => i & 0xff);
    big.set(MAGIC, 40_000);
    const records = [Uint8Array.from([1, 2, 3]), big, Uint8Array.from([...MAGIC, 7])];
    const encoded = records.map((r) => encodeRecord(r));
    const path = join(dir, 'ok.rec');
    await writeFile(path, Buffer.concat(encoded));
    const file = await RecordIOFile.open(path);
    try {
      const offsets = [0, encoded[0].length, encoded[0].length + encoded[1].length];
      for (let i = 0; i < records.length; i++) {
        const { payload, end } = await file.read(offsets[i], 1024);
        expect(Buffer.compare(payload, Buffer.from(records[i]))).toBe(0);
        expect(end).toBe(offsets[i] + encoded[i].length);
      }
      const scanned = [];
      for await (const r of file.scan()) scanned.push(r.offset);
      expect(scanned).toEqual(offsets);
    } finally {
      await file.close();
    }
  });

  it('names the byte offset of a truncated record', async () => {
    const whole = Buffer.concat([encodeRecord(new Uint8Array(16)), encodeRecord(new Uint8Array(40))]);
    const path = join(dir, 'truncated.rec');
    await writeFile(path, whole.subarray(0, whole.length - 10));
    const file = await RecordIOFile.open(path);
    try {
      await expect(file.read(24)).rejects.toThrow(`${path} at byte offset 24: truncated record: the part needs 48 bytes, only 38 remain in the file`);
      const offsets: number[] = [];
      await expect(
        (async () => {
          for await (const r of file.scan()) offsets.push(r.offset);
        })(),
      ).rejects.toThrow('at byte offset 24');
      expect(offsets).toEqual([0]);
    } finally {
      await file.close();
    }
  });

  it('names the byte offset of a bad magic and of a header cut in half', async () => {
    const good = encodeRecord(Uint8Array.from([1, 2, 3, 4]));
    const bad = Buffer.from(good);
    bad.writeUInt32LE(0xdeadbeef, 0);
    const path = join(dir, 'bad.rec');
    await writeFile(path, Buffer.concat([good, bad, good.subarray(0, 5)]));
    const file = await RecordIOFile.open(path);
    try {
      await expect(file.read(12)).rejects.toThrow(`${path} at byte offset 12: bad magic 0xdeadbeef (expected 0xced7230a)`);
      await expect(file.read(24)).rejects.toThrow('at byte offset 24: truncated record: a part header needs 8 bytes, the file ends at 29');
    } finally {
      await file.close();
    }
  });

  it('rejects a continuation part where a record should start', () => {
    const middle = Uint8Array.from([...MAGIC, 0, 0, 0, 0x40]);
    expect(() => decodeRecords(middle, 'x.rec')).toThrow('x.rec at byte offset 0: continuation flag 2 where a record starts (0 or 1) was expected');
  });
});
