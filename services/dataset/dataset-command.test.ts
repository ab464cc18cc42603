import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { UsageError } from '../common/config/options.js';
import { datasetCommand } from '../cli/commands/dataset.js';
import { encodedPattern, writePatternTree } from './testing/pattern-images.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'facenas-cli-'));
  await writePatternTree(join(dir, 'faces'), ['x', 'y', 'z'], [5, 4, 2], 16, 'jpeg');
  const jpeg = await encodedPattern(0, 0, 16, 'jpeg');
  await writeFile(join(dir, 'faces', 'y', '0002.jpg'), jpeg.subarray(0, jpeg.length >> 1));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
afterEach(() => {
  vi.restoreAllMocks();
});

async function run(argv: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void lines.push(args.join(' ')));
  const code = await datasetCommand.run(argv);
  return { code, out: lines.join('\n') };
}

describe('facenas dataset', () => {
  it('describe --json prints one object with the counts; --verify finds the corrupt JPEG', async () => {
    const uri = `folder:${join(dir, 'faces')}?eval_identities=0`;
    const plain = await run(['describe', uri, '--json']);
    expect(plain.code).toBe(0);
    expect(JSON.parse(plain.out)).toMatchObject({ identities: 3, images: 11, pairs: 0, folds: 0, skipped: [], skippedCount: 0, trainImages: 5, probes: 4, gallery: 2 });
    const verified = JSON.parse((await run(['describe', uri, '--json', '--verify'])).out);
    expect(verified.skippedCount).toBe(1);
    expect(verified.skipped[0].path).toBe(join(dir, 'faces', 'y', '0002.jpg'));
    const text = (await run(['describe', uri])).out;
    expect(text).toContain('identities      3 (3 for training, 0 only in verification pairs)');
    expect(text).toContain('skipped         0 so far (--verify decodes every image)');
  });

  it('export writes a dataset that describe reads back', async () => {
    const out = join(dir, 'exported');
    const result = await run(['export', 'synthetic:identities=3,images=4,size=32,eval_identities=4,eval_images=5', '--format', 'lfw', '--out', out, '--image-format', 'png']);
    expect(result).toEqual({ code: 0, out: `wrote lfw to ${out}: 7 identities, 32 images, 20 pairs` });
    expect((await readdir(out)).sort()).toEqual(['id_0000000', 'id_0000001', 'id_0000002', 'id_eval_0000000', 'id_eval_0000001', 'id_eval_0000002', 'id_eval_0000003', 'pairs.txt']);
    expect(JSON.parse((await run(['describe', `lfw:${out}`, '--json'])).out)).toMatchObject({ identities: 7, images: 32, pairs: 20, folds: 10 });
  });

  it('reports usage errors on one line (the CLI exits 2 on them)', async () => {
    await expect(run(['export', 'synthetic:', '--format', 'zip', '--out', dir])).rejects.toThrow(new UsageError('--format', 'must be one of lfw, folder, rec, bin, got "zip"'));
    await expect(run(['export', 'synthetic:', '--format', 'bin'])).rejects.toThrow('--out: is required (the output folder)');
    await expect(run(['describe'])).rejects.toThrow('uri: describe needs a dataset URI');
    await expect(run(['frobnicate'])).rejects.toThrow('command: unknown dataset command "frobnicate"; expected describe or export');
    await expect(run(['describe', 'synthetic:images=x'])).rejects.toMatchObject({ kind: 'INVALID_ARGUMENT', message: 'uri.images: must be a positive integer, got "x"' });
    expect((await run([])).code).toBe(2);
  });
});
