import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writePickle } from './pickle-writer.js';
import { consecutiveFolds, parseVerificationBin, readVerificationBin, writeVerificationBin } from './verification-bin.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'facenas-bin-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('verification bins', () => {
  it('round-trips images and flags through a protocol-4 pickle', async () => {
    const bin = { images: [Uint8Array.from([1]), Uint8Array.from([2, 3]), new Uint8Array(300).fill(4), Uint8Array.from([5])], issame: [true, false] };
    const path = join(dir, 'lfw.bin');
    await writeVerificationBin(path, bin);
    expect((await readFile(path))[1]).toBe(4);
    const back = await readVerificationBin(path);
    expect(back.issame).toEqual([true, false]);
    expect(back.images.map((i) => [...i])).toEqual(bin.images.map((i) => [...i]));
  });

  it('rejects shapes that are not (images, flags) with two images per flag', () => {
    expect(() => parseVerificationBin(writePickle([Uint8Array.from([1])]), 'x.bin')).toThrow('x.bin: expected a pickled pair (list of images, list of is-same flags)');
    expect(() => parseVerificationBin(writePickle({ tuple: [[Uint8Array.from([1])], [true]] }), 'x.bin')).toThrow('x.bin: 1 images for 1 pairs (expected two per pair)');
    expect(() => parseVerificationBin(writePickle({ tuple: [[true, true], [true]] }), 'x.bin')).toThrow('x.bin: image 0 is not a byte string');
  });

  it('splits pairs into consecutive folds like sklearn KFold (the first n % k one larger)', () => {
    expect([...consecutiveFolds(12, 10)]).toEqual([0, 0, 1, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect([...consecutiveFolds(6000, 10)].filter((f) => f === 9).length).toBe(600);
  });
});
