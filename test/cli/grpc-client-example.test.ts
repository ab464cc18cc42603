import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../services/common/logging/logger.js';
import { LOCAL_DEVICE, startEmbeddedSystem, type EmbeddedSystem } from '../../services/cli/embedded/embedded-system.js';
import { ROOT, spawnLogged } from '../support/logged-process.js';

// The README's gRPC client (docs/examples/start-search.mjs), run as a foreign client
// would run it, against the controller of an embedded system.

const dir = mkdtempSync(join(tmpdir(), 'facenas-client-'));
let system: EmbeddedSystem | undefined;
afterAll(async () => {
  await system?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the README gRPC client example', () => {
  it('starts a search and follows it to the end', async () => {
    system = await startEmbeddedSystem({ runDir: dir, trainers: 1, logger: createLogger('test', 'silent'), measurement: { warmupRuns: 1, runs: 5 } });
    const client = spawnLogged(process.execPath, [join(ROOT, 'docs/examples/start-search.mjs'), system.controllerAddress, LOCAL_DEVICE, '30']);
    let stdout = '';
    let stderr = '';
    client.child.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
    client.child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise<number | null>((resolve) => client.child.on('exit', resolve));
    expect(code, `${stdout}\n${stderr}`).toBe(0);
    expect(stdout).toMatch(/^started search-[0-9a-f]+$/m);
    expect(stdout.match(/^trial-\d{4}: reward \d\.\d{4}$/gm)).toHaveLength(2);
    expect(stdout).toMatch(/^done: SEARCH_STATE_SUCCEEDED, best trial-\d{4}$/m);
  }, 180_000);
});
