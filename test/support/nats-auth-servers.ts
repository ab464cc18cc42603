import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nkeys } from '@nats-io/transport-node';
import { NatsServerProcess } from './nats-server.js';

// Private nats-server processes (JetStream on), one per way a facenas service can
// authenticate, each with the `facenas serve` flags that pass and the ones that must be
// refused. Shared by the security suites of every service that talks to NATS.

export interface NatsAuthCase {
  /** What describeAuth() calls the method in messages: `user "facenas"`, `token`, `nkey`. */
  method: string;
  server: NatsServerProcess;
  /** `--nats ...` plus the right credentials. */
  flags: string[];
  /** The same with a wrong secret, and with none at all. */
  wrongFlags: string[];
  missingFlags: string[];
  /** Every secret in play (right and wrong); none may appear in a log line or an error message. */
  secrets: string[];
}

export interface NatsAuthServers {
  cases: NatsAuthCase[];
  dispose(): Promise<void>;
}

const decoder = new TextDecoder();

export async function startNatsAuthServers(): Promise<NatsAuthServers> {
  const dir = mkdtempSync(join(tmpdir(), 'facenas-nats-auth-'));
  const password = 'pw-Kq7f2JvX9mN4tR8s';
  const wrongPassword = 'pw-wrong-3Lh6Yc1Db5';
  const token = 'tok-Zr4Wq8Nx2Vb6Jm1Kp';
  const wrongToken = 'tok-wrong-8Fd3Hs7Gk0';
  const user = nkeys.createUser();
  const stranger = nkeys.createUser();
  const seedFile = join(dir, 'user.nk');
  const strangerFile = join(dir, 'stranger.nk');
  writeFileSync(seedFile, `${decoder.decode(user.getSeed())}\n`);
  writeFileSync(strangerFile, `${decoder.decode(stranger.getSeed())}\n`);
  const nkeyConf = join(dir, 'nkey.conf');
  writeFileSync(nkeyConf, `authorization { users = [ { nkey: "${user.getPublicKey()}" } ] }\n`);

  const [userServer, tokenServer, nkeyServer] = await Promise.all([
    NatsServerProcess.start({ args: ['--user', 'facenas', '--pass', password] }),
    NatsServerProcess.start({ args: ['--auth', token] }),
    NatsServerProcess.start({ args: ['-c', nkeyConf] }),
  ]);
  const cases: NatsAuthCase[] = [
    {
      method: 'user "facenas"',
      server: userServer,
      flags: ['--nats', userServer.url, '--nats-user', 'facenas', '--nats-password', password],
      wrongFlags: ['--nats', userServer.url, '--nats-user', 'facenas', '--nats-password', wrongPassword],
      missingFlags: ['--nats', userServer.url],
      secrets: [password, wrongPassword],
    },
    {
      method: 'token',
      server: tokenServer,
      flags: ['--nats', tokenServer.url, '--nats-token', token],
      wrongFlags: ['--nats', tokenServer.url, '--nats-token', wrongToken],
      missingFlags: ['--nats', tokenServer.url],
      secrets: [token, wrongToken],
    },
    {
      method: 'nkey',
      server: nkeyServer,
      flags: ['--nats', nkeyServer.url, '--nats-nkey-seed-file', seedFile],
      wrongFlags: ['--nats', nkeyServer.url, '--nats-nkey-seed-file', strangerFile],
      missingFlags: ['--nats', nkeyServer.url],
      // The seeds are the secrets; public keys may be logged.
      secrets: [decoder.decode(user.getSeed()), decoder.decode(stranger.getSeed())],
    },
  ];
  return {
    cases,
    async dispose() {
      await Promise.all([userServer, tokenServer, nkeyServer].map((s) => s.dispose()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
