import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, nkeys, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { makeTestCertificates } from '../../../test/support/certs.js';
import { NatsServerProcess } from '../../../test/support/nats-server.js';
import { createLogger } from '../logging/logger.js';
import { busContract, type BusContractResources } from './bus.contract.js';
import type { Bus } from './bus.js';
import { connectNatsBus, type NatsBusOptions } from './nats-bus.js';
import { DEAD_LETTERS_STREAM } from './nats-dead-letters.js';

// Runs against the shared server at NATS_URL (the global test setup guarantees
// one); tests that kill or configure a server start their own private one.

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const logger = createLogger('bus-test');

let admin: { nc: NatsConnection; jsm: JetStreamManager } | null = null;
async function adminConnection(): Promise<JetStreamManager> {
  if (!admin) {
    const nc = await connect({ servers: NATS_URL, name: 'bus-test-cleanup' });
    admin = { nc, jsm: await jetstreamManager(nc) };
  }
  return admin.jsm;
}
afterAll(async () => {
  await admin?.nc.close();
});

async function removeResources(resources: BusContractResources): Promise<void> {
  const jsm = await adminConnection();
  const names = [...resources.streams, ...resources.kvBuckets.map((b) => `KV_${b}`), ...resources.objectBuckets.map((b) => `OBJ_${b}`)];
  for (const name of names) await jsm.streams.delete(name).catch(() => false);
  for (const stream of resources.streams) {
    // Dead-letter records and advisories of the deleted test stream.
    await jsm.streams.purge(DEAD_LETTERS_STREAM, { filter: `facenas.deadletters.${stream}.>` }).catch(() => undefined);
    await jsm.streams.purge(DEAD_LETTERS_STREAM, { filter: `$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.${stream}.>` }).catch(() => undefined);
  }
}

const base = (over: Partial<NatsBusOptions> = {}): NatsBusOptions => ({ url: NATS_URL, name: 'bus-test', logger, ...over });

busContract({ name: 'NATS JetStream', create: () => connectNatsBus(base()), cleanup: removeResources, concurrent: true });

describe('NATS bus: what nats-server 2.9 does with finished jobs', () => {
  it('term() removes the job from a work queue; deadLetters() removes an exhausted one but keeps its data', async () => {
    const stream = `CT_${Math.random().toString(36).slice(2, 10)}`;
    const subject = `${stream.toLowerCase()}.s1`;
    const jsm = await adminConnection();
    const bus = await connectNatsBus(base());
    try {
      await bus.ensureStream({ name: stream, subjects: [`${stream.toLowerCase()}.>`], retention: 'workqueue' });
      const worker = await bus.consumer({ stream, durable: 'trainers', ackWaitMs: 1000, maxDeliver: 1 });
      await bus.publish(subject, new TextEncoder().encode('bad input'));
      (await worker.next(2000))?.term();
      await new Promise((r) => setTimeout(r, 200));
      expect((await jsm.streams.info(stream)).state.messages).toBe(0);

      await bus.publish(subject, new TextEncoder().encode('poison'));
      (await worker.next(2000))?.nak();
      expect(await worker.next(1000)).toBeNull(); // this pull makes the server notice the exhausted job
      expect((await jsm.streams.info(stream)).state.messages).toBe(1); // still stored until deadLetters()
      const letters = await bus.deadLetters(stream, 'trainers');
      expect(letters.map((l) => [new TextDecoder().decode(l.data), l.deliveries])).toEqual([['poison', 1]]);
      expect((await jsm.streams.info(stream)).state.messages).toBe(0);
    } finally {
      await bus.close();
      await removeResources({ streams: [stream], kvBuckets: [], objectBuckets: [] });
    }
  });
});

describe('NATS bus: outages', () => {
  const servers: NatsServerProcess[] = [];
  const buses: Bus[] = [];
  afterEach(async () => {
    await Promise.all(buses.splice(0).map((b) => b.close()));
    await Promise.all(servers.splice(0).map((s) => s.dispose()));
  });
  const text = (s: string) => new TextEncoder().encode(s);
  const str = (b: Uint8Array | undefined) => new TextDecoder().decode(b);

  it('survives a server crash: a publish during the outage waits, stored jobs are consumed after restart', async () => {
    const server = await NatsServerProcess.start();
    servers.push(server);
    const bus = await connectNatsBus(base({ url: server.url, outageTimeoutMs: 20_000 }));
    buses.push(bus);
    await bus.ensureStream({ name: 'JOBS', subjects: ['jobs.>'], retention: 'workqueue' });
    const worker = await bus.consumer({ stream: 'JOBS', durable: 'trainers', ackWaitMs: 5000, maxDeliver: 3 });
    await bus.publish('jobs.s1', text('before crash'), { msgId: 's1.t1' });

    await server.kill();
    const duringOutage = bus.publish('jobs.s1', text('during outage'), { msgId: 's1.t2' });
    // A worker asking during the outage gets "nothing yet", not an error.
    const startedWaiting = Date.now();
    expect(await worker.next(1500)).toBeNull();
    expect(Date.now() - startedWaiting).toBeLessThan(6000);
    await server.restart();

    const ack = await duringOutage;
    expect(ack.duplicate).toBe(false);
    const got: string[] = [];
    for (let i = 0; i < 2; i += 1) {
      const message = await worker.next(10_000);
      got.push(str(message?.data));
      await message?.ack();
    }
    expect(got).toEqual(['before crash', 'during outage']);
    expect(await worker.next(500)).toBeNull();
    expect(await worker.pending()).toEqual({ pending: 0, ackPending: 0 });
  });

  it('a publish fails with UNAVAILABLE once the outage outlasts outageTimeoutMs', async () => {
    const server = await NatsServerProcess.start();
    servers.push(server);
    const bus = await connectNatsBus(base({ url: server.url, outageTimeoutMs: 1500 }));
    buses.push(bus);
    await bus.ensureStream({ name: 'JOBS', subjects: ['jobs.>'], retention: 'workqueue' });
    await server.kill();
    const started = Date.now();
    await expect(bus.publish('jobs.s1', text('lost'))).rejects.toMatchObject({ kind: 'UNAVAILABLE' });
    const waited = Date.now() - started;
    expect(waited).toBeGreaterThanOrEqual(1400);
    expect(waited).toBeLessThan(5000);
  });

  it('a durable consumer the server lost is created again by the next pull', async () => {
    const stream = `CT_${Math.random().toString(36).slice(2, 10)}`;
    const bus = await connectNatsBus(base());
    buses.push(bus);
    try {
      await bus.ensureStream({ name: stream, subjects: [`${stream.toLowerCase()}.>`], retention: 'workqueue' });
      const worker = await bus.consumer({ stream, durable: 'trainers', ackWaitMs: 5000, maxDeliver: 3 });
      await (await adminConnection()).consumers.delete(stream, 'trainers');
      await bus.publish(`${stream.toLowerCase()}.s1`, text('job'));
      // A pull on a consumer the server does not know is never answered: this one runs out...
      expect(await worker.next(1000)).toBeNull();
      // ...and has put the consumer back, so the next pull gets the job.
      const message = await worker.next(3000);
      expect(str(message?.data)).toBe('job');
      await message?.ack();
    } finally {
      await removeResources({ streams: [stream], kvBuckets: [], objectBuckets: [] });
    }
  });

  it('connecting to a server that is not there fails at once with UNAVAILABLE', async () => {
    const server = await NatsServerProcess.start();
    const url = server.url;
    await server.dispose();
    await expect(connectNatsBus(base({ url }))).rejects.toMatchObject({ kind: 'UNAVAILABLE', message: expect.stringContaining(url) });
  });
});

describe('NATS bus: credentials', () => {
  const servers: NatsServerProcess[] = [];
  const dirs: string[] = [];
  const buses: Bus[] = [];
  afterEach(async () => {
    await Promise.all(buses.splice(0).map((b) => b.close()));
    await Promise.all(servers.splice(0).map((s) => s.dispose()));
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const configFile = (content: string): string => {
    const dir = mkdtempSync(join(tmpdir(), 'facenas-nats-conf-'));
    dirs.push(dir);
    const path = join(dir, 'nats.conf');
    writeFileSync(path, content);
    return path;
  };
  async function works(options: NatsBusOptions): Promise<void> {
    const bus = await connectNatsBus(options);
    buses.push(bus);
    const kv = await bus.kv('facenas_searches');
    const revision = await kv.put('s1', new TextEncoder().encode('ok'));
    expect((await kv.get('s1'))?.revision).toBe(revision);
  }

  it('user/password: the right ones work, wrong or missing ones are refused clearly', async () => {
    const server = await NatsServerProcess.start({ args: ['--user', 'facenas', '--pass', 's3cret-pw'] });
    servers.push(server);
    await works(base({ url: server.url, user: 'facenas', pass: 's3cret-pw' }));
    const refused = { kind: 'UNAUTHENTICATED', message: expect.stringMatching(/refused the credentials \(user "facenas"\).*[Aa]uthorization/) };
    await expect(connectNatsBus(base({ url: server.url, user: 'facenas', pass: 'wrong' }))).rejects.toMatchObject(refused);
    await expect(connectNatsBus(base({ url: server.url }))).rejects.toMatchObject({ kind: 'UNAUTHENTICATED' });
    await expect(connectNatsBus(base({ url: server.url, pass: 'orphan' }))).rejects.toMatchObject({ kind: 'INVALID_ARGUMENT', message: 'pass: needs user' });
  });

  it('nkeys: the configured user seed works, another seed is refused', async () => {
    const user = nkeys.createUser();
    const stranger = nkeys.createUser();
    const conf = configFile(`authorization { users = [ { nkey: "${user.getPublicKey()}" } ] }\n`);
    const server = await NatsServerProcess.start({ args: ['-c', conf] });
    servers.push(server);
    const seedFile = join(dirs[0], 'user.nk');
    writeFileSync(seedFile, `${new TextDecoder().decode(user.getSeed())}\n`);
    await works(base({ url: server.url, nkeySeedFile: seedFile }));
    await expect(connectNatsBus(base({ url: server.url, nkeySeed: new TextDecoder().decode(stranger.getSeed()) }))).rejects.toMatchObject({
      kind: 'UNAUTHENTICATED',
      message: expect.stringContaining('(nkey)'),
    });
    await expect(connectNatsBus(base({ url: server.url, nkeySeed: 'not-a-seed' }))).rejects.toMatchObject({ kind: 'INVALID_ARGUMENT' });
  });

  it('mutual TLS: a client certificate from the trusted CA works, none is refused', async () => {
    const certs = makeTestCertificates();
    dirs.push(certs.dir);
    const conf = configFile(`tls { cert_file: "${certs.serverCert}", key_file: "${certs.serverKey}", ca_file: "${certs.caCert}", verify: true, timeout: 2 }\n`);
    const server = await NatsServerProcess.start({ args: ['-c', conf] });
    servers.push(server);
    await works(base({ url: server.url, tls: { caFile: certs.caCert, certFile: certs.clientCert, keyFile: certs.clientKey } }));
    await expect(connectNatsBus(base({ url: server.url, tls: { caFile: certs.caCert }, connectTimeoutMs: 2000 }))).rejects.toMatchObject({
      kind: 'UNAVAILABLE',
      // The reason text depends on timing (a TLS alert naming the certificate, or a closed
      // socket when the machine is loaded); what matters is the refusal naming the server.
      message: expect.stringMatching(/^cannot connect to NATS at nats:\/\/127\.0\.0\.1:\d+: /),
    });
  });
});
