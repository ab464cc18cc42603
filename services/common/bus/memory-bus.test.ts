import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { busContract } from './bus.contract.js';
import { KvConflictError, encodeJson, type Bus } from './bus.js';
import { createMemoryBus } from './memory-bus.js';

busContract({ name: 'in-memory', create: async () => createMemoryBus(), concurrent: true });
const contractDirs: string[] = [];
afterAll(() => {
  for (const dir of contractDirs) rmSync(dir, { recursive: true, force: true });
});
busContract({
  name: 'in-memory with a data folder',
  create: async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'facenas-bus-'));
    contractDirs.push(dataDir);
    return createMemoryBus({ dataDir });
  },
  concurrent: true,
});

describe('in-memory bus persistence (dataDir)', () => {
  const dirs: string[] = [];
  const buses: Bus[] = [];
  afterEach(async () => {
    await Promise.all(buses.splice(0).map((b) => b.close()));
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const open = (dataDir: string) => {
    const bus = createMemoryBus({ dataDir });
    buses.push(bus);
    return bus;
  };
  const text = (s: string) => new TextEncoder().encode(s);
  const str = (b: Uint8Array | undefined) => new TextDecoder().decode(b);

  it('resumes streams, consumer state, dead letters, KV and objects after close and reopen', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'facenas-bus-'));
    dirs.push(dataDir);
    const spec = { stream: 'JOBS', durable: 'trainers', ackWaitMs: 60_000, maxDeliver: 2 };

    const first = open(dataDir);
    await first.ensureStream({ name: 'JOBS', subjects: ['jobs.>'], retention: 'workqueue', duplicateWindowMs: 600_000 });
    const worker = await first.consumer(spec);
    for (const id of ['t1', 't2', 't3', 't4']) await first.publish('jobs.s1', text(id), { msgId: `s1.${id}` });
    await (await worker.next(1000))?.ack(); // t1 done
    const held = await worker.next(1000); // t2 delivered, unacked when the process stops
    expect(str(held?.data)).toBe('t2');
    const poison = await worker.next(1000); // t3 delivered twice = maxDeliver: dead letter
    poison?.nak();
    expect((await worker.next(1000))?.deliveryCount).toBe(2);
    const kv = await first.kv('facenas_searches');
    const rev = await kv.put('search-1', encodeJson({ state: 'running' }));
    await (await first.objects('models')).put('search-1/best', text('weights'));
    await first.close();

    const second = open(dataDir);
    const resumed = await second.consumer(spec);
    // t2 comes back at once (its worker is gone) with its delivery count kept; t3 (delivered
    // maxDeliver times, then lost with the process) is a dead letter, t4 is still queued.
    const again = await resumed.next(1000);
    expect({ data: str(again?.data), deliveryCount: again?.deliveryCount, msgId: again?.msgId }).toEqual({ data: 't2', deliveryCount: 2, msgId: 's1.t2' });
    await again?.ack();
    const t4 = await resumed.next(1000);
    expect({ data: str(t4?.data), deliveryCount: t4?.deliveryCount }).toEqual({ data: 't4', deliveryCount: 1 });
    await t4?.ack();
    expect(await resumed.next(200)).toBeNull();
    const letters = await second.deadLetters('JOBS', 'trainers');
    expect(letters.map((l) => ({ data: str(l.data), deliveries: l.deliveries, subject: l.subject }))).toEqual([{ data: 't3', deliveries: 2, subject: 'jobs.s1' }]);
    // The duplicate window survives too: re-publishing t1 is still dropped.
    expect((await second.publish('jobs.s1', text('t1'), { msgId: 's1.t1' })).duplicate).toBe(true);
    const kv2 = await second.kv('facenas_searches');
    expect(str((await kv2.get('search-1'))?.value)).toBe('{"state":"running"}');
    await expect(kv2.update('search-1', text('x'), rev - 1)).rejects.toBeInstanceOf(KvConflictError);
    expect(await kv2.update('search-1', text('x'), rev)).toBe(rev + 1);
    expect(str((await (await second.objects('models')).get('search-1/best')) ?? undefined)).toBe('weights');
    await second.close();

    // Only whole snapshot files are left (no temp files from the atomic writes).
    expect(readdirSync(join(dataDir, 'streams'))).toEqual(['JOBS.json']);
    expect(readdirSync(join(dataDir, 'kv'))).toEqual(['facenas_searches.json']);
  });

  it('reports a corrupt snapshot with its path', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'facenas-bus-'));
    dirs.push(dataDir);
    createMemoryBus({ dataDir }); // creates the folders
    writeFileSync(join(dataDir, 'streams', 'BROKEN.json'), '{not json');
    expect(() => createMemoryBus({ dataDir })).toThrow(/streams\/BROKEN\.json/);
  });
});

describe('in-memory bus process behaviour', () => {
  it('timers do not keep the process alive and close() rejects a pending next()', async () => {
    const busModule = fileURLToPath(new URL('./memory-bus.ts', import.meta.url));
    const script = `
      const { createMemoryBus } = await import(${JSON.stringify(busModule)});
      const bus = createMemoryBus();
      await bus.ensureStream({ name: 'S', subjects: ['s.>'], retention: 'workqueue' });
      const worker = await bus.consumer({ stream: 'S', durable: 'w', ackWaitMs: 600000, maxDeliver: 3 });
      await bus.publish('s.1', new Uint8Array([1]));
      const held = await worker.next(1000);
      held.nak(600000);
      const waiting = worker.next(600000).then(() => 'resolved', (e) => 'rejected: ' + e.message);
      await bus.close();
      console.log(await waiting);
    `;
    const started = Date.now();
    const output = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { timeout: 20_000 }, (err, stdout, stderr) => {
        if (err) reject(new Error(`${err.message}\n${stderr}`));
        else resolve(stdout.trim());
      });
    });
    expect(output).toBe('rejected: consumer w is closed');
    // The child exits on its own well before any of the 600 s timers would fire.
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});
