import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPickle } from './pickle-reader.js';
import { writePickle } from './pickle-writer.js';

const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/datasets/', import.meta.url));
const STYLES = ['py3-protocol4.pkl', 'py3-protocol2.pkl', 'py2-protocol2.pkl'];
const PYTHON = ['/usr/bin/python3', 'python3'].find((p) => spawnSync(p, ['--version']).status === 0) ?? null;

// The same content test/fixtures/datasets/make-pickles.py pickles.
function expectedContent(): [Uint8Array[], boolean[]] {
  const pairs = 520;
  const images: Uint8Array[] = [];
  for (let i = 0; i < 2 * pairs; i++) {
    if (i === 7) images.push(new Uint8Array(0));
    else if (i % 97 === 5) images.push(Uint8Array.from({ length: 300 }, (_, k) => (i + k) % 256));
    else images.push(Uint8Array.from([...Buffer.from(`img${String(i).padStart(4, '0')}`), 0xff, 0x0a]));
  }
  return [images, Array.from({ length: pairs }, (_, j) => j % 3 === 0)];
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'facenas-pickle-'));
  if (PYTHON) {
    const made = spawnSync(PYTHON, [join(FIXTURES, 'make-pickles.py'), dir], { encoding: 'utf8' });
    if (made.status !== 0) throw new Error(`make-pickles.py failed: ${made.stderr}`);
  }
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function expectContent(value: unknown): void {
  const [images, issame] = expectedContent();
  expect(Array.isArray(value)).toBe(true);
  const [gotImages, gotSame] = value as [Uint8Array[], boolean[]];
  expect(gotImages).toHaveLength(images.length);
  for (let i = 0; i < images.length; i++) expect(Buffer.from(gotImages[i]).equals(Buffer.from(images[i]))).toBe(true);
  expect(gotSame).toEqual(issame);
}

describe('pickle reader', () => {
  it.each(STYLES)('reads the checked-in %s fixture', async (name) => {
    expectContent(readPickle(await readFile(join(FIXTURES, name)), name));
  });

  it.each(STYLES)('reads %s as freshly written by python3 (or the checked-in copy when python3 is missing)', async (name) => {
    const path = PYTHON ? join(dir, name) : join(FIXTURES, name);
    expectContent(readPickle(await readFile(path), path));
  });

  it('reads BINBYTES8, BINUNICODE8, LIST, TUPLE, APPEND, BININT* and NONE (hand-made bytes)', () => {
    const bytes = Buffer.concat([
      Buffer.from([0x80, 4, 0x28]), // PROTO 4, MARK
      Buffer.from([0x8e, 2, 0, 0, 0, 0, 0, 0, 0, 0xaa, 0xbb]), // BINBYTES8 len 2
      Buffer.from([0x8d, 2, 0, 0, 0, 0, 0, 0, 0, 0x68, 0x69]), // BINUNICODE8 "hi"
      Buffer.from([0x4a, 0xfe, 0xff, 0xff, 0xff]), // BININT -2
      Buffer.from([0x4b, 200, 0x4d, 0x34, 0x12, 0x4e]), // BININT1 200, BININT2 0x1234, NONE
      Buffer.from('l'), // LIST
      Buffer.from(']'), Buffer.from([0x88]), Buffer.from('a'), // EMPTY_LIST, NEWTRUE, APPEND
      Buffer.from('(t'), // empty TUPLE
      Buffer.from([0x87, 0x2e]), // TUPLE3, STOP
    ]);
    expect(readPickle(new Uint8Array(bytes), 'x.pkl')).toEqual([[Uint8Array.from([0xaa, 0xbb]), 'hi', -2, 200, 0x1234, null], [true], []]);
  });

  it('names the offset of an unsupported opcode, a global it does not know, and a truncated string', () => {
    expect(() => readPickle(Buffer.from([0x80, 2, 0x47, 0, 0, 0, 0, 0, 0, 0, 0, 0x2e]), 'f.pkl')).toThrow('f.pkl at byte offset 2: unsupported pickle opcode 0x47 ("G")');
    const numpy = Buffer.concat([Buffer.from([0x80, 2]), Buffer.from('cnumpy\nndarray\n)R.')]);
    expect(() => readPickle(numpy, 'g.pkl')).toThrow('g.pkl at byte offset 18: unsupported global numpy.ndarray');
    expect(() => readPickle(Buffer.from([0x80, 3, 0x43, 10, 1, 2]), 'h.pkl')).toThrow('h.pkl at byte offset 2: pickle ends inside SHORT_BINBYTES (needs 10 more bytes)');
  });
});

describe('pickle writer', () => {
  it('writes protocol 4 that our reader and python3 read back', async () => {
    const [images, issame] = expectedContent();
    const bytes = writePickle({ tuple: [images, issame] });
    expect(bytes.subarray(0, 2)).toEqual(Buffer.from([0x80, 4]));
    expectContent(readPickle(bytes, 'ours.pkl'));
    if (!PYTHON) return;
    const path = join(dir, 'ours.pkl');
    await writeFile(path, bytes);
    const script = 'import pickle,sys,hashlib,json; b,s=pickle.load(open(sys.argv[1],"rb")); print(json.dumps([len(b), hashlib.sha256(b"".join(b)).hexdigest(), [len(x) for x in b][:12], s[:9]]))';
    const run = spawnSync(PYTHON, ['-c', script, path], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const digest = createHash('sha256').update(Buffer.concat(images)).digest('hex');
    expect(JSON.parse(run.stdout)).toEqual([1040, digest, images.slice(0, 12).map((x) => x.length), issame.slice(0, 9)]);
  });
});
