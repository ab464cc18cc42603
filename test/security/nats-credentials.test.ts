import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bus } from '../../services/common/bus/bus.js';
import { openServiceBus } from '../../services/common/bus/service-bus.js';
import { parseOptions } from '../../services/common/config/options.js';
import { commonServiceOptions } from '../../services/common/config/service-options.js';
import { FacenasError } from '../../services/common/errors/errors.js';
import { profilerServeEntry } from '../../services/profiler/serve-profiler.js';
import { captureLogs, type CapturedLogs } from '../support/log-capture.js';
import { startNatsAuthServers, type NatsAuthCase, type NatsAuthServers } from '../support/nats-auth-servers.js';
import { serveFromFlags } from '../support/served-service.js';

// NATS credentials as services take them (--nats-user/--nats-password, --nats-token,
// --nats-nkey-seed-file, or their environment variables), against private nats-servers
// with authorization: the right ones give a working bus (KV and a work queue), wrong or
// missing ones fail at once with UNAUTHENTICATED naming the method, and no secret reaches
// a log line (captured at trace level, without redaction) or an error message.

let servers: NatsAuthServers;
let dir: string;

beforeAll(async () => {
  servers = await startNatsAuthServers();
  dir = mkdtempSync(join(tmpdir(), 'facenas-nats-creds-'));
}, 30_000);

afterAll(async () => {
  await servers?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

/** The bus a service opens from its flags (profiler and trainer go through openServiceBus). */
function openFromFlags(flags: string[], logs: CapturedLogs, env: NodeJS.ProcessEnv = {}): Promise<Bus> {
  const { values } = parseOptions(commonServiceOptions('trainer'), flags, env);
  return openServiceBus(values, 'facenas-security-test', logs.logger);
}

function expectNoSecrets(c: NatsAuthCase, ...texts: string[]): void {
  for (const text of texts) for (const secret of c.secrets) expect(text.includes(secret), `a secret appears in: ${text.slice(0, 300)}`).toBe(false);
}

async function refusal(c: NatsAuthCase, open: Promise<Bus>): Promise<FacenasError> {
  const started = Date.now();
  const err = await open.then(
    (bus) => bus.close().then(() => new Error('connected with bad credentials')),
    (e: unknown) => e,
  );
  // Refused by the server at once, not after a connect timeout (10 s) or endless reconnects.
  expect(Date.now() - started).toBeLessThan(5_000);
  expect(err).toBeInstanceOf(FacenasError);
  return err as FacenasError;
}

const ids = { n: 0 };
const unique = (prefix: string) => `${prefix}_${process.pid}_${ids.n++}`;

describe.each(['user "facenas"', 'token', 'nkey'])('NATS auth by %s', (method) => {
  const theCase = () => servers.cases.find((c) => c.method === method) as NatsAuthCase;

  it('the right credentials give a working KV store and work queue', async () => {
    const c = theCase();
    const logs = captureLogs('bus');
    const bus = await openFromFlags(c.flags, logs);
    try {
      const kv = await bus.kv(unique('facenas_sec_kv'));
      const revision = await kv.put('search-1', new TextEncoder().encode('state'));
      const entry = await kv.get('search-1');
      expect([entry?.revision, new TextDecoder().decode(entry?.value)]).toEqual([revision, 'state']);

      const stream = unique('FACENAS_SEC');
      await bus.ensureStream({ name: stream, subjects: [`${stream.toLowerCase()}.>`], retention: 'workqueue' });
      await bus.publish(`${stream.toLowerCase()}.s1`, new TextEncoder().encode('job-1'), { msgId: 's1.t1' });
      const consumer = await bus.consumer({ stream, durable: 'trainers', ackWaitMs: 5_000, maxDeliver: 3 });
      const message = await consumer.next(5_000);
      expect(message && new TextDecoder().decode(message.data)).toBe('job-1');
      await message?.ack();
      expect(await consumer.next(300)).toBeNull();
      await consumer.close();
    } finally {
      await bus.close();
    }
    expect(logs.text()).toContain('connected to NATS');
    expectNoSecrets(c, logs.text());
  });

  it('wrong credentials fail at once with UNAUTHENTICATED naming the method, secret-free', async () => {
    const c = theCase();
    const logs = captureLogs('bus');
    const err = await refusal(c, openFromFlags(c.wrongFlags, logs));
    expect(err.kind).toBe('UNAUTHENTICATED');
    expect(err.message).toContain(`refused the credentials (${method}): `);
    expect(err.message).toMatch(/[Aa]uthorization/);
    expectNoSecrets(c, err.message, String((err as Error).stack), logs.text());
  });

  it('missing credentials fail at once with UNAUTHENTICATED', async () => {
    const c = theCase();
    const logs = captureLogs('bus');
    const err = await refusal(c, openFromFlags(c.missingFlags, logs));
    expect(err.kind).toBe('UNAUTHENTICATED');
    expect(err.message).toMatch(/refused the credentials \(no credentials\)/);
  });
});

describe('credentials from the environment', () => {
  it('NATS_URL, NATS_USER and NATS_PASSWORD work like the flags, and are not logged', async () => {
    const c = servers.cases[0];
    const password = c.flags[c.flags.indexOf('--nats-password') + 1];
    const logs = captureLogs('bus');
    const bus = await openFromFlags([], logs, { NATS_URL: c.server.url, NATS_USER: 'facenas', NATS_PASSWORD: password });
    await (await bus.kv(unique('facenas_sec_env'))).put('k', new Uint8Array([1]));
    await bus.close();
    expectNoSecrets(c, logs.text());
  });

  it('NATS_TOKEN works like --nats-token', async () => {
    const c = servers.cases[1];
    const token = c.flags[c.flags.indexOf('--nats-token') + 1];
    const logs = captureLogs('bus');
    const bus = await openFromFlags([], logs, { NATS_URL: c.server.url, NATS_TOKEN: token });
    await bus.close();
    expectNoSecrets(c, logs.text());
  });
});

describe('a service started with NATS credentials', () => {
  it.each(['user "facenas"', 'token', 'nkey'])('the profiler serves with %s and logs no secret', async (method) => {
    const c = servers.cases.find((x) => x.method === method) as NatsAuthCase;
    const logs = captureLogs('profiler');
    const tokens = join(dir, 'agent-tokens');
    writeFileSync(tokens, 'nats-creds-agent-token-0001 *\n');
    const served = await serveFromFlags(profilerServeEntry, [...c.flags, '--agent-tokens', tokens], { logger: logs.logger });
    await served.hosted.ready;
    await served.stop();
    expect(logs.text()).toContain('connected to NATS');
    expectNoSecrets(c, logs.text());
  });

  it('the profiler refuses to start with wrong credentials, naming the method but not the secret', async () => {
    const c = servers.cases[0];
    const logs = captureLogs('profiler');
    const err = await serveFromFlags(profilerServeEntry, c.wrongFlags, { logger: logs.logger }).then(
      (s) => s.stop().then(() => new Error('started with a wrong password')),
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ kind: 'UNAUTHENTICATED', message: expect.stringContaining('(user "facenas")') });
    expectNoSecrets(c, (err as Error).message, logs.text());
  });
});
