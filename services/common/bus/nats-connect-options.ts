import { readFileSync } from 'node:fs';
import { credsAuthenticator, nkeyAuthenticator, type Authenticator, type NodeConnectionOptions } from '@nats-io/transport-node';
import { InvalidArgumentError, throwIfProblems } from '../errors/errors.js';

/** How to reach and authenticate to NATS (all optional but `url`). */
export interface NatsCredentials {
  /** `nats://host:4222` or `tls://host:4222`; several (a cluster) as an array or comma-separated. */
  url: string | string[];
  user?: string;
  pass?: string;
  token?: string;
  /** An NKEY user seed (`SU...`), or a file holding one. */
  nkeySeed?: string;
  nkeySeedFile?: string;
  /** A `.creds` file (JWT + seed) from `nsc` / an operator-mode account. */
  credsFile?: string;
  /** TLS: CA to verify the server, and a client certificate for mutual TLS. */
  tls?: { caFile?: string; certFile?: string; keyFile?: string };
}

export function natsServers(url: string | string[]): string[] {
  return (Array.isArray(url) ? url : url.split(',')).map((u) => u.trim()).filter((u) => u.length > 0);
}

function readSecret(field: string, path: string, problems: InvalidArgumentError[]): Uint8Array | null {
  try {
    return new Uint8Array(readFileSync(path));
  } catch (err) {
    problems.push(new InvalidArgumentError(field, `cannot read ${path}: ${(err as Error).message}`));
    return null;
  }
}

/** Which credentials are in use, for log lines and errors (never the secrets). */
export function describeAuth(c: NatsCredentials): string {
  if (c.credsFile) return `creds file ${c.credsFile}`;
  if (c.nkeySeed || c.nkeySeedFile) return 'nkey';
  if (c.user) return `user ${JSON.stringify(c.user)}`;
  if (c.token) return 'token';
  return 'no credentials';
}

/**
 * Validates the credentials (one method at a time, files readable) and turns them
 * into client options. Secrets are read once here, so a missing file fails at start.
 */
export function connectionAuthOptions(c: NatsCredentials): Pick<NodeConnectionOptions, 'servers' | 'user' | 'pass' | 'token' | 'authenticator' | 'tls'> {
  const problems: InvalidArgumentError[] = [];
  const servers = natsServers(c.url);
  if (servers.length === 0) problems.push(new InvalidArgumentError('url', 'must name at least one NATS server'));
  for (const [i, server] of servers.entries()) {
    if (!/^(nats|tls|wss?):\/\/[^\s]+$/.test(server) && !/^[^\s:/]+:\d+$/.test(server)) {
      problems.push(new InvalidArgumentError(servers.length > 1 ? `url.${i}` : 'url', `must be a NATS URL such as nats://host:4222 (got ${JSON.stringify(server)})`));
    }
  }
  const methods = [c.credsFile && 'credsFile', (c.nkeySeed || c.nkeySeedFile) && 'nkeySeed', c.user && 'user', c.token && 'token'].filter(Boolean);
  if (methods.length > 1) problems.push(new InvalidArgumentError(String(methods[1]), `choose one way to authenticate (got ${methods.join(' and ')})`));
  if (c.pass && !c.user) problems.push(new InvalidArgumentError('pass', 'needs user'));
  if (c.nkeySeed && c.nkeySeedFile) problems.push(new InvalidArgumentError('nkeySeedFile', 'give nkeySeed or nkeySeedFile, not both'));
  let authenticator: Authenticator | undefined;
  if (c.credsFile) {
    const creds = readSecret('credsFile', c.credsFile, problems);
    if (creds) authenticator = credsAuthenticator(creds);
  } else if (c.nkeySeed || c.nkeySeedFile) {
    const seed = c.nkeySeed ? new TextEncoder().encode(c.nkeySeed) : readSecret('nkeySeedFile', c.nkeySeedFile as string, problems);
    const text = seed ? new TextDecoder().decode(seed).trim() : '';
    if (seed && !/^SU[A-Z2-7]+$/.test(text)) problems.push(new InvalidArgumentError(c.nkeySeed ? 'nkeySeed' : 'nkeySeedFile', 'must be an NKEY user seed starting with SU'));
    else if (seed) authenticator = nkeyAuthenticator(new TextEncoder().encode(text));
  }
  for (const field of ['caFile', 'certFile', 'keyFile'] as const) {
    const path = c.tls?.[field];
    if (path) readSecret(`tls.${field}`, path, problems);
  }
  if (c.tls && Boolean(c.tls.certFile) !== Boolean(c.tls.keyFile)) problems.push(new InvalidArgumentError('tls.keyFile', 'certFile and keyFile go together'));
  throwIfProblems(problems);
  const wantsTls = c.tls !== undefined || servers.some((s) => s.startsWith('tls://'));
  return {
    servers,
    user: c.user,
    pass: c.pass,
    token: c.token,
    authenticator,
    tls: wantsTls ? { ...(c.tls?.caFile && { caFile: c.tls.caFile }), ...(c.tls?.certFile && { certFile: c.tls.certFile }), ...(c.tls?.keyFile && { keyFile: c.tls.keyFile }) } : undefined,
  };
}
