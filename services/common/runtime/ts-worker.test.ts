import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isTypeScriptEntry, startTsWorker } from './ts-worker.js';

const fixture = new URL('./fixtures/double-worker.ts', import.meta.url);
const root = fileURLToPath(new URL('../../../', import.meta.url));

function runWorker(): Promise<unknown> {
  const worker = startTsWorker(fixture, { workerData: { n: 21 } });
  return new Promise<unknown>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  }).finally(() => worker.terminate());
}

// The same start, written as a script, for launching under other loaders.
const script = `import { startTsWorker } from ${JSON.stringify(new URL('./ts-worker.ts', import.meta.url).href)};
const w = startTsWorker(new URL(${JSON.stringify(fixture.href)}), { workerData: { n: 5 } });
w.once('message', (m) => { console.log('answer=' + m.doubled + ' esm=' + m.esm); void w.terminate(); });
w.once('error', (e) => { console.error(e); process.exit(3); });`;

describe('startTsWorker', () => {
  it('tells .ts entries from bundled .js ones', () => {
    expect(isTypeScriptEntry(new URL('file:///a/b-worker.ts'))).toBe(true);
    expect(isTypeScriptEntry(new URL('file:///a/b-worker.mts'))).toBe(true);
    expect(isTypeScriptEntry(new URL('file:///a/b-worker.js'))).toBe(false);
  });

  it('runs a TypeScript worker under vitest, loaded as an ES module', async () => {
    expect(await runWorker()).toEqual({ doubled: 42, esm: true });
  });

  it('runs a TypeScript worker under `tsx -e` and under `node --import tsx`', () => {
    const launchers: string[][] = [
      [`${root}node_modules/.bin/tsx`, '-e', script],
      [process.execPath, '--import', 'tsx', '--input-type=module', '-e', script],
    ];
    for (const [command, ...args] of launchers) {
      const result = spawnSync(command, args, { cwd: root, encoding: 'utf8', timeout: 30_000 });
      expect(result.stderr).toBe('');
      expect(result.stdout.trim()).toBe('answer=10 esm=true');
    }
  });
});
