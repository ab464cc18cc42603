// Validation of untrusted architectures (JSON text or objects), decision vectors and
// image sizes. Every problem names the exact field, e.g.
// `blocks.2.kernel: must be one of 3, 5, 7, got 4`; all problems are reported at once.

import { InvalidArgumentError, throwIfProblems } from '../errors/errors.js';
import { type ArchitectureSpec, type BlockChoices, blockSpec } from './architecture.js';
import {
  type BlockField,
  type HeadField,
  BLOCK_COUNT,
  BLOCK_FIELD_CHOICES,
  BLOCK_FIELDS,
  CARDINALITIES,
  DECISIONS,
  DECISION_COUNT,
  HEAD_FIELD_CHOICES,
  HEAD_FIELDS,
  NETWORK_STRIDE,
  SPACE_NAME,
} from './space.js';

/** Architecture JSON larger than this is refused before it is parsed. */
export const MAX_ARCHITECTURE_JSON_BYTES = 64 * 1024;
export const MIN_IMAGE_SIZE = 32;

type Problems = InvalidArgumentError[];

function join(prefix: string, field: string): string {
  return prefix ? `${prefix}.${field}` : field;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return String(value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function checkKeys(obj: Record<string, unknown>, allowed: readonly string[], prefix: string, problems: Problems): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) {
      problems.push(new InvalidArgumentError(join(prefix, key), `unknown field (allowed: ${allowed.join(', ')})`));
    }
  }
}

function checkChoice(
  obj: Record<string, unknown>,
  key: string,
  choices: readonly (string | number | boolean)[],
  prefix: string,
  problems: Problems,
): boolean {
  const field = join(prefix, key);
  const value = obj[key];
  if (value === undefined) {
    problems.push(new InvalidArgumentError(field, `is required (one of ${choices.join(', ')})`));
    return false;
  }
  const expected = typeof choices[0];
  if (typeof value !== expected) {
    problems.push(new InvalidArgumentError(field, `must be a ${expected}, one of ${choices.join(', ')}, got ${describe(value)}`));
    return false;
  }
  if (!choices.includes(value as string | number | boolean)) {
    problems.push(new InvalidArgumentError(field, `must be one of ${choices.join(', ')}, got ${describe(value)}`));
    return false;
  }
  return true;
}

function checkBlock(raw: unknown, index: number, prefix: string, problems: Problems): BlockChoices | undefined {
  const path = join(prefix, `blocks.${index}`);
  if (!isPlainObject(raw)) {
    problems.push(new InvalidArgumentError(path, `must be an object, got ${describe(raw)}`));
    return undefined;
  }
  checkKeys(raw, [...BLOCK_FIELDS, 'stride', 'channels'], path, problems);
  const ok = BLOCK_FIELDS.map((f: BlockField) => checkChoice(raw, f, BLOCK_FIELD_CHOICES[f], path, problems)).every(Boolean);
  if (!ok) return undefined;
  const choices = raw as unknown as BlockChoices;
  const derived = blockSpec(index, choices);
  for (const key of ['stride', 'channels'] as const) {
    // Derived fields may be omitted; when given they must agree with the choices.
    if (raw[key] !== undefined && raw[key] !== derived[key]) {
      problems.push(
        new InvalidArgumentError(join(path, key), `is derived from the block and must be ${derived[key]}, got ${describe(raw[key])}`),
      );
    }
  }
  return choices;
}

function checkArchitectureObject(raw: unknown, prefix: string, problems: Problems): ArchitectureSpec | undefined {
  if (!isPlainObject(raw)) {
    problems.push(new InvalidArgumentError(prefix || 'architecture', `must be a JSON object, got ${describe(raw)}`));
    return undefined;
  }
  checkKeys(raw, ['space', 'blocks', 'head'], prefix, problems);
  if (raw.space !== SPACE_NAME) {
    problems.push(new InvalidArgumentError(join(prefix, 'space'), `must be "${SPACE_NAME}", got ${describe(raw.space)}`));
  }
  let blocks: (BlockChoices | undefined)[] = [];
  if (!Array.isArray(raw.blocks)) {
    problems.push(new InvalidArgumentError(join(prefix, 'blocks'), `must be an array of ${BLOCK_COUNT} blocks, got ${describe(raw.blocks)}`));
  } else if (raw.blocks.length !== BLOCK_COUNT) {
    problems.push(new InvalidArgumentError(join(prefix, 'blocks'), `must have exactly ${BLOCK_COUNT} blocks, got ${raw.blocks.length}`));
  } else {
    blocks = raw.blocks.map((b, i) => checkBlock(b, i, prefix, problems));
  }
  let headOk = false;
  const headPath = join(prefix, 'head');
  if (!isPlainObject(raw.head)) {
    problems.push(new InvalidArgumentError(headPath, `must be an object, got ${describe(raw.head)}`));
  } else {
    const head = raw.head;
    checkKeys(head, HEAD_FIELDS, headPath, problems);
    headOk = HEAD_FIELDS.map((f: HeadField) => checkChoice(head, f, HEAD_FIELD_CHOICES[f], headPath, problems)).every(Boolean);
  }
  if (problems.length > 0 || !headOk) return undefined;
  const head = raw.head as { type: ArchitectureSpec['head']['type']; embedding: ArchitectureSpec['head']['embedding'] };
  return {
    space: SPACE_NAME,
    blocks: blocks.map((b, i) => blockSpec(i, b as BlockChoices)),
    head: { type: head.type, embedding: head.embedding },
  };
}

/**
 * Validates an architecture given as JSON text or as a parsed value and returns its
 * canonical form. `prefix` is put in front of every field name (e.g. `architecture.json`).
 */
export function validateArchitecture(json: unknown, prefix = ''): ArchitectureSpec {
  let value = json;
  if (typeof json === 'string') {
    const field = prefix || 'architecture';
    // Each character is at least one byte: a long string is refused without scanning it.
    const bytes = json.length > MAX_ARCHITECTURE_JSON_BYTES ? json.length : Buffer.byteLength(json, 'utf8');
    if (bytes > MAX_ARCHITECTURE_JSON_BYTES) {
      throw new InvalidArgumentError(field, `JSON is at least ${bytes} bytes, more than the limit of ${MAX_ARCHITECTURE_JSON_BYTES}`);
    }
    try {
      value = JSON.parse(json);
    } catch (err) {
      throw new InvalidArgumentError(field, `is not valid JSON (${(err as Error).message})`);
    }
  }
  const problems: Problems = [];
  const spec = checkArchitectureObject(value, prefix, problems);
  throwIfProblems(problems);
  return spec as ArchitectureSpec;
}

/** Validates a decision vector: exactly 37 integers, each within its cardinality. */
export function validateDecisions(decisions: unknown, field = 'decisions'): number[] {
  if (!Array.isArray(decisions)) {
    throw new InvalidArgumentError(field, `must be an array of ${DECISION_COUNT} integers, got ${describe(decisions)}`);
  }
  if (decisions.length !== DECISION_COUNT) {
    throw new InvalidArgumentError(field, `must have exactly ${DECISION_COUNT} decisions, got ${decisions.length}`);
  }
  const problems: Problems = [];
  decisions.forEach((d: unknown, i) => {
    const n = CARDINALITIES[i];
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 0 || d >= n) {
      problems.push(
        new InvalidArgumentError(`${field}.${i}`, `(${DECISIONS[i].path}) must be an integer in [0, ${n}), got ${describe(d)}`),
      );
    }
  });
  throwIfProblems(problems);
  return decisions as number[];
}

/** Input image side: a multiple of 16 (the network's total stride), at least 32. */
export function validateImageSize(imageSize: unknown, field = 'imageSize'): number {
  if (
    typeof imageSize !== 'number' ||
    !Number.isInteger(imageSize) ||
    imageSize < MIN_IMAGE_SIZE ||
    imageSize % NETWORK_STRIDE !== 0
  ) {
    throw new InvalidArgumentError(
      field,
      `must be an integer multiple of ${NETWORK_STRIDE}, at least ${MIN_IMAGE_SIZE}, got ${describe(imageSize)}`,
    );
  }
  return imageSize;
}
