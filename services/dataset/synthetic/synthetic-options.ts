// Knobs of the synthetic face generator and the identity numbering the dataset
// layer follows. Identities are any safe integers: the dataset layer trains on
// [0, N) and evaluates on EVAL_IDENTITY_BASE + i, so no evaluation identity is
// ever a training identity, whatever N is (up to a million).
import { InvalidArgumentError, throwIfProblems } from '../../common/errors/errors.js';

export interface SyntheticOptions {
  /** Dataset seed: the same (seed, identity, index) always renders the same bytes. */
  seed: number;
  /** Output side in pixels: a multiple of 8 from 32 to 256 (64 for search proxies, 112 for final training). */
  size: number;
  /** Per-image nuisance scale: 0 = frontal, neutral, plain; 1 = default variation. */
  strength: number;
  /** Identity spread around the population mean: smaller = identities more alike; 1 = default. */
  spread: number;
}

export const DEFAULT_SYNTHETIC_OPTIONS: SyntheticOptions = { seed: 1, size: 64, strength: 1, spread: 1 };

/** Evaluation identities start here; training identities are [0, N). */
export const EVAL_IDENTITY_BASE = 1_000_000;

/** The identity number of the i-th evaluation identity. */
export function evalIdentity(i: number): number {
  return EVAL_IDENTITY_BASE + i;
}

export const MIN_SIZE = 32;
export const MAX_SIZE = 256;
/** Nuisances above this strength stop looking like faces (heads leave the crop). */
export const MAX_STRENGTH = 3;
export const MAX_SPREAD = 3;

/** Throws InvalidArgumentError naming each bad field (`prefix` + name, e.g. `synthetic.size`). */
export function validateSyntheticOptions(opts: SyntheticOptions, prefix = ''): void {
  const problems: InvalidArgumentError[] = [];
  const bad = (field: string, reason: string) => problems.push(new InvalidArgumentError(prefix + field, reason));
  if (!Number.isSafeInteger(opts.seed)) bad('seed', `must be a safe integer, got ${opts.seed}`);
  if (!Number.isInteger(opts.size) || opts.size < MIN_SIZE || opts.size > MAX_SIZE || opts.size % 8 !== 0) {
    bad('size', `must be a multiple of 8 from ${MIN_SIZE} to ${MAX_SIZE}, got ${opts.size}`);
  }
  if (!(opts.strength >= 0 && opts.strength <= MAX_STRENGTH)) {
    bad('strength', `must be in [0, ${MAX_STRENGTH}], got ${opts.strength}`);
  }
  if (!(opts.spread >= 0 && opts.spread <= MAX_SPREAD)) bad('spread', `must be in [0, ${MAX_SPREAD}], got ${opts.spread}`);
  throwIfProblems(problems);
}

/** Throws InvalidArgumentError unless (identity, index) are safe integers, index ≥ 0. */
export function validateImageKey(identity: number, index: number): void {
  const problems: InvalidArgumentError[] = [];
  if (!Number.isSafeInteger(identity)) problems.push(new InvalidArgumentError('identity', `must be a safe integer, got ${identity}`));
  if (!Number.isSafeInteger(index) || index < 0) problems.push(new InvalidArgumentError('index', `must be a non-negative safe integer, got ${index}`));
  throwIfProblems(problems);
}
