// Strategy settings arrive as strings (AlgorithmSetting name/value, like Katib's).
// Each strategy declares its settings once; parsing fills defaults, rejects unknown
// names and reports every bad value at once, naming `spec.algorithm.settings.<name>`.

import { InvalidArgumentError, throwIfProblems } from '../../common/errors/errors.js';

export const SETTINGS_FIELD = 'spec.algorithm.settings';

/**
 * `spec.algorithm.settings.<name>`, or `spec.algorithm.settings["<name>"]` for a name a
 * dotted path cannot carry (a space, a colon, a dot): a client reading `field: reason`
 * must find where the field ends.
 */
function settingField(name: string): string {
  return /^[A-Za-z0-9_-]+$/.test(name) ? `${SETTINGS_FIELD}.${name}` : `${SETTINGS_FIELD}[${JSON.stringify(name)}]`;
}

export interface SettingSpec<T> {
  description: string;
  default: T;
  /** The parsed value, or a reason why the text is not acceptable. */
  parse(text: string): { value: T } | { problem: string };
}

export type SettingsSchema<S> = { [K in keyof S]: SettingSpec<S[K]> };

interface NumberBounds {
  min?: number;
  max?: number;
  /** min itself not allowed. */
  exclusiveMin?: boolean;
  /** max itself not allowed. */
  exclusiveMax?: boolean;
  integer?: boolean;
}

function describeBounds(b: NumberBounds): string {
  const lo = b.min === undefined ? '(-inf' : `${b.exclusiveMin ? '(' : '['}${b.min}`;
  const hi = b.max === undefined ? 'inf)' : `${b.max}${b.exclusiveMax ? ')' : ']'}`;
  return `${b.integer ? 'an integer' : 'a number'} in ${lo}, ${hi}`;
}

function parseNumber(text: string, b: NumberBounds): { value: number } | { problem: string } {
  const trimmed = text.trim();
  const value = trimmed === '' ? NaN : Number(trimmed);
  const ok =
    Number.isFinite(value) &&
    (!b.integer || Number.isInteger(value)) &&
    (b.min === undefined || (b.exclusiveMin ? value > b.min : value >= b.min)) &&
    (b.max === undefined || (b.exclusiveMax ? value < b.max : value <= b.max));
  return ok ? { value } : { problem: `must be ${describeBounds(b)}, got ${JSON.stringify(text)}` };
}

export function numberSetting(description: string, defaultValue: number, bounds: NumberBounds): SettingSpec<number> {
  return { description, default: defaultValue, parse: (text) => parseNumber(text, bounds) };
}

/** A number that may be left unset (default: unset). */
export function optionalNumberSetting(description: string, bounds: NumberBounds): SettingSpec<number | null> {
  return { description, default: null, parse: (text) => parseNumber(text, bounds) };
}

/** Defaults filled in; throws InvalidArgumentError(s) for unknown names and bad values. */
export function parseSettings<S>(schema: SettingsSchema<S>, raw: Readonly<Record<string, string>>, strategy: string): S {
  const problems: InvalidArgumentError[] = [];
  const known = Object.keys(schema) as (keyof S & string)[];
  for (const name of Object.keys(raw)) {
    if (!known.includes(name as keyof S & string)) {
      problems.push(
        new InvalidArgumentError(settingField(name), `unknown setting for strategy ${JSON.stringify(strategy)}; known: ${known.join(', ') || 'none'}`),
      );
    }
  }
  const parsed = {} as S;
  for (const name of known) {
    const spec = schema[name];
    const text = raw[name];
    if (text === undefined) {
      parsed[name] = spec.default;
      continue;
    }
    const result = spec.parse(text);
    if ('problem' in result) problems.push(new InvalidArgumentError(`${SETTINGS_FIELD}.${name}`, result.problem));
    else parsed[name] = result.value;
  }
  throwIfProblems(problems);
  return parsed;
}
