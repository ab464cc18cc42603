import { InvalidArgumentError } from '../../common/errors/errors.js';
import { DatasetFormatError } from './format-error.js';

// LFW's pair lists. pairs.txt starts with "F\tN" and holds F folds of 2N lines each:
// N same-person lines "Name n1 n2", then N different-person lines "Name1 n1 Name2 n2".
// pairsDevTrain.txt / pairsDevTest.txt start with one count N and hold one such fold.
// Image numbers count from 1 (Name/Name_0001.jpg).

export interface LfwImageName {
  name: string;
  number: number;
}

export interface LfwPair {
  same: boolean;
  fold: number;
  a: LfwImageName;
  b: LfwImageName;
  /** 1-based line in the file it was read from (0 when built in memory). */
  line: number;
}

export type LfwPairsStyle = 'folds' | 'dev';

export interface LfwPairs {
  style: LfwPairsStyle;
  folds: number;
  /** Same-person pairs per fold (the different-person ones are as many). */
  perFold: number;
  pairs: LfwPair[];
}

/** Parses pairs.txt or pairsDev*.txt; `file` names the file in errors (with the line number). */
export function parseLfwPairs(text: string, file: string): LfwPairs {
  const lines = text.split(/\r?\n/);
  let cursor = 0;
  const nextLine = (): { tokens: string[]; line: number; raw: string } | null => {
    while (cursor < lines.length) {
      const raw = lines[cursor++];
      if (raw.trim() !== '') return { tokens: raw.trim().split(/\s+/), line: cursor, raw };
    }
    return null;
  };

  const header = nextLine();
  if (!header) throw new DatasetFormatError(file, { line: 1 }, 'empty pairs file');
  const counts = header.tokens.map((t) => parseCount(t));
  if (counts.some((c) => c === null) || counts.length < 1 || counts.length > 2) {
    throw new DatasetFormatError(file, { line: header.line }, `expected a header "folds<TAB>pairs" or one count, got ${JSON.stringify(header.raw)}`);
  }
  const style: LfwPairsStyle = counts.length === 2 ? 'folds' : 'dev';
  const folds = counts.length === 2 ? (counts[0] as number) : 1;
  const perFold = counts[counts.length - 1] as number;

  const pairs: LfwPair[] = [];
  for (let fold = 0; fold < folds; fold++) {
    for (let k = 0; k < 2 * perFold; k++) {
      const same = k < perFold;
      const entry = nextLine();
      if (!entry) {
        throw new DatasetFormatError(file, { line: lines.length }, `file ends after ${pairs.length} pairs; the header promises ${folds * 2 * perFold}`);
      }
      pairs.push(parsePairLine(entry.tokens, same, fold, entry.line, entry.raw, file));
    }
  }
  const extra = nextLine();
  if (extra) throw new DatasetFormatError(file, { line: extra.line }, `unexpected line after the ${pairs.length} pairs the header announces`);
  return { style, folds, perFold, pairs };
}

function parsePairLine(tokens: string[], same: boolean, fold: number, line: number, raw: string, file: string): LfwPair {
  if (same) {
    const [name, n1, n2] = tokens;
    const a = parseCount(n1 ?? '');
    const b = parseCount(n2 ?? '');
    if (tokens.length !== 3 || a === null || b === null || a < 1 || b < 1) {
      throw new DatasetFormatError(file, { line }, `expected a same-person line "Name n1 n2" (numbers from 1), got ${JSON.stringify(raw)}`);
    }
    return { same, fold, a: { name, number: a }, b: { name, number: b }, line };
  }
  const [name1, n1, name2, n2] = tokens;
  const a = parseCount(n1 ?? '');
  const b = parseCount(n2 ?? '');
  if (tokens.length !== 4 || a === null || b === null || a < 1 || b < 1) {
    throw new DatasetFormatError(file, { line }, `expected a different-person line "Name1 n1 Name2 n2" (numbers from 1), got ${JSON.stringify(raw)}`);
  }
  return { same, fold, a: { name: name1, number: a }, b: { name: name2, number: b }, line };
}

function parseCount(token: string): number | null {
  return /^\d{1,9}$/.test(token) ? Number(token) : null;
}

/** Writes pairs in LFW's layout: each fold must hold `perFold` same and `perFold` different pairs. */
export function formatLfwPairs(pairs: Omit<LfwPairs, 'pairs'> & { pairs: readonly Omit<LfwPair, 'line'>[] }): string {
  if (pairs.style === 'dev' && pairs.folds !== 1) throw new InvalidArgumentError('pairs.folds', `the dev layout holds one fold, got ${pairs.folds}`);
  const out: string[] = [pairs.style === 'folds' ? `${pairs.folds}\t${pairs.perFold}` : String(pairs.perFold)];
  for (let fold = 0; fold < pairs.folds; fold++) {
    const inFold = pairs.pairs.filter((p) => p.fold === fold);
    const same = inFold.filter((p) => p.same);
    const different = inFold.filter((p) => !p.same);
    if (same.length !== pairs.perFold || different.length !== pairs.perFold) {
      throw new InvalidArgumentError(`pairs.fold.${fold}`, `needs ${pairs.perFold} same and ${pairs.perFold} different pairs, got ${same.length} and ${different.length}`);
    }
    for (const p of same) {
      if (p.a.name !== p.b.name) throw new InvalidArgumentError(`pairs.fold.${fold}`, `a same pair names two people: ${p.a.name}, ${p.b.name}`);
      out.push(`${p.a.name}\t${p.a.number}\t${p.b.number}`);
    }
    for (const p of different) out.push(`${p.a.name}\t${p.a.number}\t${p.b.name}\t${p.b.number}`);
  }
  return `${out.join('\n')}\n`;
}

/** LFW's image path for a name and number, relative to the dataset root. */
export function lfwImagePath(image: LfwImageName, extension = 'jpg'): string {
  return `${image.name}/${image.name}_${String(image.number).padStart(4, '0')}.${extension}`;
}
