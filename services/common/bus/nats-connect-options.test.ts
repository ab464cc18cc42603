import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nkeys, type Authenticator } from '@nats-io/transport-node';
import { afterAll, describe, expect, it } from 'vitest';
import { connectionAuthOptions, describeAuth } from './nats-connect-options.js';
import { parseAckSubject } from './nats-pull-consumer.js';

const dir = mkdtempSync(join(tmpdir(), 'facenas-nats-opts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('NATS connection options', () => {
  it('passes user/password and token through, and splits a server list', () => {
    expect(connectionAuthOptions({ url: 'nats://a:4222, nats://b:4222', user: 'u', pass: 'p' })).toMatchObject({ servers: ['nats://a:4222', 'nats://b:4222'], user: 'u', pass: 'p', tls: undefined });
    expect(connectionAuthOptions({ url: 'tls://a:4222', token: 't' })).toMatchObject({ token: 't', tls: {} });
  });

  it('reads an nkey seed file and signs the server nonce with it', () => {
    const user = nkeys.createUser();
    const seedFile = join(dir, 'seed.nk');
    writeFileSync(seedFile, `${new TextDecoder().decode(user.getSeed())}\n`);
    const { authenticator } = connectionAuthOptions({ url: 'nats://a:4222', nkeySeedFile: seedFile });
    const nonce = 'server-nonce-123';
    const auth = (authenticator as Authenticator)(nonce) as { nkey: string; sig: string };
    expect(auth.nkey).toBe(user.getPublicKey());
    expect(user.verify(new TextEncoder().encode(nonce), Buffer.from(auth.sig, 'base64url'))).toBe(true);
  });

  it('names every bad field at once', () => {
    let caught: unknown;
    try {
      connectionAuthOptions({ url: 'http://x', token: 't', user: 'u', pass: 'p', credsFile: join(dir, 'missing.creds'), tls: { certFile: join(dir, 'missing.pem') } });
    } catch (err) {
      caught = err;
    }
    const message = (caught as Error).message;
    expect(message).toMatch(/url: must be a NATS URL/);
    expect(message).toMatch(/choose one way to authenticate \(got credsFile and user and token\)/);
    expect(message).toMatch(/credsFile: cannot read .*missing\.creds/);
    expect(message).toMatch(/tls\.certFile: cannot read/);
    expect(message).toMatch(/tls\.keyFile: certFile and keyFile go together/);
  });

  it('describes the method without the secret', () => {
    expect(describeAuth({ url: 'nats://a:1', user: 'svc', pass: 'hunter2' })).toBe('user "svc"');
    expect(describeAuth({ url: 'nats://a:1', token: 'hunter2' })).toBe('token');
    expect(describeAuth({ url: 'nats://a:1', nkeySeed: 'SU...' })).toBe('nkey');
  });
});

describe('JetStream ack subjects', () => {
  it('reads the delivery count and stream sequence from both forms', () => {
    // Form seen on nats-server 2.9.10: $JS.ACK.<stream>.<consumer>.<delivered>.<sseq>.<cseq>.<ts>.<pending>
    expect(parseAckSubject('$JS.ACK.JOBS.trainers.2.17.40.1795872741717776047.3')).toEqual({ stream: 'JOBS', consumer: 'trainers', deliveryCount: 2, streamSeq: 17 });
    // v2 form with domain and account hash (nats-server 2.10+ with domains).
    expect(parseAckSubject('$JS.ACK.hub.ACCHASH.JOBS.trainers.1.5.9.1795872741717776047.0.rnd')).toEqual({ stream: 'JOBS', consumer: 'trainers', deliveryCount: 1, streamSeq: 5 });
    expect(() => parseAckSubject('_INBOX.abc')).toThrow(/not a JetStream ack subject/);
  });
});
