import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { hostPortSchema, optionalString, type OptionSpec } from '../../common/config/options.js';
import { InvalidArgumentError } from '../../common/errors/errors.js';

/** Options of an edge agent (`facenas serve agent` and the standalone bundle share them). */
export const AGENT_OPTIONS = {
  profiler: {
    flag: 'profiler',
    env: 'FACENAS_PROFILER',
    kind: 'string',
    schema: hostPortSchema,
    help: 'profiler address HOST:PORT to dial out to (required)',
  } satisfies OptionSpec<string>,
  device: {
    flag: 'device',
    env: 'FACENAS_DEVICE',
    kind: 'string',
    schema: z
      .string({ message: 'required: the device name this agent measures for' })
      .min(1)
      .max(128)
      .regex(/^\S+$/, 'must not contain spaces'),
    help: 'device name to announce (required)',
  } satisfies OptionSpec<string>,
  tokenFile: {
    flag: 'token-file',
    env: 'FACENAS_AGENT_TOKEN_FILE',
    kind: 'string',
    schema: optionalString,
    help: 'file holding the bearer token for the profiler',
  } satisfies OptionSpec<string | undefined>,
  threads: {
    flag: 'threads',
    env: 'FACENAS_AGENT_THREADS',
    kind: 'string',
    schema: z.coerce.number().int().min(1, 'must be at least 1').max(64, 'must be at most 64').default(1),
    help: 'threads to time with (1 = single core, like MnasNet)',
    shownDefault: '1',
  } satisfies OptionSpec<number>,
  clock: {
    flag: 'clock',
    env: 'FACENAS_AGENT_CLOCK',
    kind: 'string',
    schema: z.enum(['wall', 'cpu']).default('wall'),
    help: 'wall: elapsed time (a dedicated device); cpu: process CPU time (a machine shared with other work)',
    shownDefault: 'wall',
  } satisfies OptionSpec<'wall' | 'cpu'>,
  clientCert: { flag: 'client-cert', env: 'FACENAS_AGENT_CLIENT_CERT', kind: 'string', schema: optionalString, help: 'client certificate (PEM) for mutual TLS' } satisfies OptionSpec<
    string | undefined
  >,
  clientKey: { flag: 'client-key', env: 'FACENAS_AGENT_CLIENT_KEY', kind: 'string', schema: optionalString, help: 'client private key (PEM) for mutual TLS' } satisfies OptionSpec<
    string | undefined
  >,
};

/** Reads the token file (first non-empty line); the token itself never reaches a log or an error message. */
export function readTokenFile(path: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new InvalidArgumentError('--token-file', `cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  const token = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .find((l) => l !== '');
  if (!token) throw new InvalidArgumentError('--token-file', `${path} is empty`);
  return token;
}

/** TLS towards the profiler: `--tls-ca` (a PEM file, or "system" for the system roots), plus a client certificate for mutual TLS. */
export function agentTls(values: { tlsCa?: string; clientCert?: string; clientKey?: string }) {
  if (!values.tlsCa && !values.clientCert) return undefined;
  return {
    caFile: values.tlsCa && values.tlsCa !== 'system' ? values.tlsCa : undefined,
    certFile: values.clientCert,
    keyFile: values.clientKey,
  };
}
