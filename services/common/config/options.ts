import { parseArgs } from 'node:util';
import { z } from 'zod';
import { InvalidArgumentError } from '../errors/errors.js';

/**
 * One command-line option: a flag, optionally an environment variable, and a zod schema
 * that parses the raw string (flags win over the environment, which wins over the default).
 */
export interface OptionSpec<T> {
  flag: string;
  env?: string;
  kind: 'string' | 'boolean';
  schema: z.ZodType<T>;
  help: string;
  /** Shown in --help; the schema's own default applies. */
  shownDefault?: string;
  /** May be given several times (value becomes a string array before the schema runs). */
  multiple?: boolean;
  short?: string;
}

export type OptionSpecs = Record<string, OptionSpec<unknown>>;
export type OptionValues<S extends OptionSpecs> = { [K in keyof S]: S[K] extends OptionSpec<infer T> ? T : never };

/** A bad flag or value: the CLI prints the message on one line and exits 2. */
export class UsageError extends InvalidArgumentError {
  constructor(field: string, reason: string) {
    super(field, reason);
    this.name = 'UsageError';
  }
}

export function parseOptions<S extends OptionSpecs>(
  specs: S,
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): { values: OptionValues<S>; positionals: string[] } {
  const parseSpec: Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }> = {};
  for (const spec of Object.values(specs)) {
    parseSpec[spec.flag] = { type: spec.kind, ...(spec.multiple ? { multiple: true } : {}), ...(spec.short ? { short: spec.short } : {}) };
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...argv], options: parseSpec, strict: true, allowPositionals: true });
  } catch (err) {
    const message = (err as Error).message.split('\n')[0].replace(/\. To specify a positional argument.*$/, '');
    throw new UsageError('arguments', message);
  }
  const values: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(specs)) {
    const fromFlag = parsed.values[spec.flag];
    const fromEnv = spec.env !== undefined ? env[spec.env] : undefined;
    const raw = fromFlag ?? (fromEnv === undefined || fromEnv === '' ? undefined : spec.kind === 'boolean' ? ['1', 'true', 'yes'].includes(fromEnv.toLowerCase()) : fromEnv);
    const result = spec.schema.safeParse(raw);
    if (!result.success) {
      const source = fromFlag !== undefined ? `--${spec.flag}` : fromEnv !== undefined ? `${spec.env} (environment)` : `--${spec.flag}`;
      const issue = result.error.issues[0];
      throw new UsageError(source, `${issue?.message ?? 'invalid value'}${raw !== undefined ? `, got ${JSON.stringify(raw)}` : ''}`);
    }
    values[key] = result.data;
  }
  return { values: values as OptionValues<S>, positionals: parsed.positionals };
}

export function formatOptionsHelp(specs: OptionSpecs): string {
  const rows = Object.values(specs).map((s) => {
    const left = `  --${s.flag}${s.kind === 'string' ? ' <value>' : ''}`;
    const extras = [s.env ? `env ${s.env}` : '', s.shownDefault ? `default ${s.shownDefault}` : ''].filter(Boolean).join(', ');
    return `${left.padEnd(30)} ${s.help}${extras ? ` (${extras})` : ''}`;
  });
  return rows.join('\n');
}

// Schemas shared by services' options.
export const portSchema = (fallback: number) =>
  z.coerce.number({ message: 'must be a port number' }).int('must be an integer port').min(0, 'must be a port in 0..65535').max(65535, 'must be a port in 0..65535').default(fallback);

export const optionalString = z.string().min(1).optional();

export const natsUrlSchema = z
  .string()
  .regex(/^(nats|tls|wss?):\/\/[^\s]+$/, 'must be a NATS URL such as nats://host:4222')
  .optional();

export const hostPortSchema = z.string().regex(/^[^\s:]+:\d{1,5}$/, 'must be HOST:PORT');
