import { resolve } from 'node:path';
import { InvalidArgumentError } from '../common/errors/errors.js';
import { EVAL_IDENTITY_BASE, validateSyntheticOptions } from './synthetic/synthetic-options.js';

// Dataset URIs:
//   synthetic:identities=200,images=20,size=64,seed=1,strength=1,spread=1,eval_identities=100,eval_images=10
//   lfw:/path/to/lfw[?pairs=/path/pairs.txt]
//   folder:/path[?eval_identities=N]
//   rec:/path/train.rec[?eval_identities=N]
//   bin:/path/lfw.bin
// Relative paths resolve against the current directory. Errors name the part, e.g.
// `uri.identities: must be a positive integer, got "abc"`.

export interface SyntheticParams {
  identities: number;
  images: number;
  size: number;
  seed: number;
  strength: number;
  spread: number;
  evalIdentities: number;
  evalImages: number;
}

export type DatasetUri =
  | { scheme: 'synthetic'; params: SyntheticParams }
  | { scheme: 'lfw'; path: string; pairs: string | null }
  | { scheme: 'folder' | 'rec'; path: string; evalIdentities: number | null }
  | { scheme: 'bin'; path: string };

export const SYNTHETIC_DEFAULTS: SyntheticParams = {
  identities: 200,
  images: 20,
  size: 64,
  seed: 1,
  strength: 1,
  spread: 1,
  evalIdentities: 100,
  evalImages: 10,
};

const SCHEMES = ['synthetic', 'lfw', 'folder', 'rec', 'bin'] as const;

/**
 * Images a synthetic dataset may have (training; evaluation). Opening one indexes every
 * image up front (~20 bytes and ~65 ns each), so without a bound a URI of a million
 * identities with 1000 images each took one request over a minute and 11 GB. 10 M is
 * more than MS1M's 5.8 M.
 */
export const MAX_SYNTHETIC_TRAINING_IMAGES = 10_000_000;
export const MAX_SYNTHETIC_EVAL_IMAGES = 1_000_000;

type NumberRule = { kind: 'int'; min: number; max: number } | { kind: 'real'; min: number; max: number };

const SYNTHETIC_RULES: Record<keyof SyntheticParams, { name: string; rule: NumberRule }> = {
  identities: { name: 'identities', rule: { kind: 'int', min: 1, max: EVAL_IDENTITY_BASE } },
  images: { name: 'images', rule: { kind: 'int', min: 1, max: 100_000 } },
  size: { name: 'size', rule: { kind: 'int', min: 1, max: 100_000 } },
  seed: { name: 'seed', rule: { kind: 'int', min: 0, max: Number.MAX_SAFE_INTEGER } },
  strength: { name: 'strength', rule: { kind: 'real', min: 0, max: 100 } },
  spread: { name: 'spread', rule: { kind: 'real', min: 0, max: 100 } },
  evalIdentities: { name: 'eval_identities', rule: { kind: 'int', min: 0, max: EVAL_IDENTITY_BASE } },
  evalImages: { name: 'eval_images', rule: { kind: 'int', min: 1, max: 100_000 } },
};

/** Longest URI taken (Linux paths are at most 4096 bytes); longer ones are refused unparsed. */
export const MAX_DATASET_URI_LENGTH = 8192;

export function parseDatasetUri(uri: string, field = 'uri'): DatasetUri {
  if (uri.length > MAX_DATASET_URI_LENGTH) throw new InvalidArgumentError(field, `must be at most ${MAX_DATASET_URI_LENGTH} characters, got ${uri.length}`);
  const text = uri.trim();
  if (text === '') throw new InvalidArgumentError(field, `must not be empty; expected e.g. "synthetic:" or "folder:/data/casia"`);
  const colon = text.indexOf(':');
  const scheme = colon < 0 ? text : text.slice(0, colon);
  if (!(SCHEMES as readonly string[]).includes(scheme)) {
    throw new InvalidArgumentError(`${field}.scheme`, `must be one of ${SCHEMES.join(', ')} (as in "synthetic:" or "folder:/data/casia"), got ${JSON.stringify(colon < 0 ? text : scheme)}`);
  }
  const rest = colon < 0 ? '' : text.slice(colon + 1);
  if (scheme === 'synthetic') return { scheme, params: parseSynthetic(rest, field) };

  const question = rest.indexOf('?');
  const rawPath = question < 0 ? rest : rest.slice(0, question);
  if (rawPath === '') throw new InvalidArgumentError(`${field}.path`, `a ${scheme}: URI needs a path, as in "${scheme}:/data/${scheme === 'rec' ? 'train.rec' : scheme === 'bin' ? 'lfw.bin' : scheme}"`);
  const path = resolve(rawPath);
  const options = parseOptions(question < 0 ? '' : rest.slice(question + 1), field, scheme === 'lfw' ? ['pairs'] : scheme === 'bin' ? [] : ['eval_identities']);
  switch (scheme) {
    case 'lfw':
      return { scheme, path, pairs: options.has('pairs') ? resolve(nonEmpty(options.get('pairs') as string, `${field}.pairs`)) : null };
    case 'folder':
    case 'rec': {
      const raw = options.get('eval_identities');
      return { scheme, path, evalIdentities: raw === undefined ? null : parseNumber(raw, { kind: 'int', min: 0, max: 10_000_000 }, `${field}.eval_identities`) };
    }
    default:
      return { scheme: 'bin', path };
  }
}

function parseSynthetic(rest: string, field: string): SyntheticParams {
  const params = { ...SYNTHETIC_DEFAULTS };
  const byName = new Map(Object.entries(SYNTHETIC_RULES).map(([key, spec]) => [spec.name, { key: key as keyof SyntheticParams, rule: spec.rule }]));
  const seen = new Set<string>();
  for (const part of rest.split(',')) {
    if (part.trim() === '') continue;
    const eq = part.indexOf('=');
    const name = (eq < 0 ? part : part.slice(0, eq)).trim();
    const spec = byName.get(name);
    if (!spec) throw new InvalidArgumentError(`${field}.${name}`, `unknown synthetic parameter; expected one of ${[...byName.keys()].join(', ')}`);
    if (seen.has(name)) throw new InvalidArgumentError(`${field}.${name}`, 'given twice');
    seen.add(name);
    if (eq < 0) throw new InvalidArgumentError(`${field}.${name}`, `needs a value, as in ${name}=${SYNTHETIC_DEFAULTS[spec.key]}`);
    params[spec.key] = parseNumber(part.slice(eq + 1).trim(), spec.rule, `${field}.${name}`);
  }
  // The generator's own limits (size a multiple of 8 in [32, 256], strength and spread ≤ 3).
  validateSyntheticOptions(params, `${field}.`);
  const products = [
    ['images', 'identities × images', params.identities * params.images, MAX_SYNTHETIC_TRAINING_IMAGES],
    ['eval_images', 'eval_identities × eval_images', params.evalIdentities * params.evalImages, MAX_SYNTHETIC_EVAL_IMAGES],
  ] as const;
  for (const [name, what, images, most] of products) {
    if (images > most) throw new InvalidArgumentError(`${field}.${name}`, `${what} must be at most ${most}, got ${images}`);
  }
  return params;
}

function parseOptions(query: string, field: string, allowed: readonly string[]): Map<string, string> {
  const options = new Map<string, string>();
  for (const part of query.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = eq < 0 ? part : part.slice(0, eq);
    if (!allowed.includes(name)) {
      throw new InvalidArgumentError(`${field}.${name}`, allowed.length === 0 ? 'this URI takes no options' : `unknown option; expected ${allowed.join(', ')}`);
    }
    if (options.has(name)) throw new InvalidArgumentError(`${field}.${name}`, 'given twice');
    options.set(name, eq < 0 ? '' : part.slice(eq + 1));
  }
  return options;
}

function nonEmpty(value: string, field: string): string {
  if (value === '') throw new InvalidArgumentError(field, 'must not be empty');
  return value;
}

function parseNumber(raw: string, rule: NumberRule, field: string): number {
  const pattern = rule.kind === 'int' ? /^\d+$/ : /^\d+(\.\d+)?([eE][-+]?\d+)?$/;
  const value = Number(raw);
  const what = rule.kind === 'int' ? (rule.min >= 1 ? 'a positive integer' : 'a non-negative integer') : 'a non-negative number';
  if (!pattern.test(raw) || !Number.isFinite(value) || (rule.kind === 'int' && !Number.isSafeInteger(value))) {
    throw new InvalidArgumentError(field, `must be ${what}, got ${JSON.stringify(raw)}`);
  }
  if (value < rule.min || value > rule.max) throw new InvalidArgumentError(field, `must be ${what} in [${rule.min}, ${rule.max}], got ${raw}`);
  return value;
}

/** The canonical spelling: every synthetic parameter written out, absolute paths, options sorted. */
export function formatDatasetUri(uri: DatasetUri): string {
  switch (uri.scheme) {
    case 'synthetic':
      return `synthetic:${(Object.keys(SYNTHETIC_RULES) as (keyof SyntheticParams)[]).map((key) => `${SYNTHETIC_RULES[key].name}=${uri.params[key]}`).join(',')}`;
    case 'lfw':
      return `lfw:${uri.path}${uri.pairs ? `?pairs=${uri.pairs}` : ''}`;
    case 'folder':
    case 'rec':
      return `${uri.scheme}:${uri.path}${uri.evalIdentities === null ? '' : `?eval_identities=${uri.evalIdentities}`}`;
    case 'bin':
      return `bin:${uri.path}`;
  }
}
