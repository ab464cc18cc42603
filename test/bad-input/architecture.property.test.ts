import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, InvalidArgumentsError } from '../../services/common/errors/errors.js';
import {
  architectureId,
  canonicalJson,
  CARDINALITIES,
  decode,
  encode,
  fromArchitectureMessage,
  toArchitectureMessage,
  validateArchitecture,
  validateDecisions,
  type ArchitectureSpec,
} from '../../services/common/search-space/index.js';
import type { Architecture } from '../../services/common/generated/facenas/v1/Architecture.js';

// Whatever a client sends as an architecture — JSON text, a parsed value, decisions, a
// whole Architecture message — the search space either accepts it as an architecture
// that survives encode/decode with a stable id, or refuses it with INVALID_ARGUMENT
// naming a field. Any other error (TypeError, RangeError, a stack overflow) would reach
// a client as INTERNAL.

/** The problems of a refusal, each an InvalidArgumentError; fails on any other error. */
function problemsOf(err: unknown): InvalidArgumentError[] {
  if (err instanceof InvalidArgumentsError) {
    for (const p of err.problems) expect(p).toBeInstanceOf(InvalidArgumentError);
    return [...err.problems];
  }
  if (err instanceof InvalidArgumentError) return [err];
  throw new Error(`expected an InvalidArgumentError, got ${(err as Error)?.constructor?.name}: ${(err as Error)?.message}`);
}

/** Runs `accept`, and checks a throw is a refusal whose every field starts with `prefix`. */
function acceptedOrRefused<T>(prefix: string, accept: () => T, check: (accepted: T) => void): void {
  let accepted: T;
  try {
    accepted = accept();
  } catch (err) {
    for (const problem of problemsOf(err)) {
      expect(problem.field === prefix || problem.field.startsWith(`${prefix}.`) || prefix === '', `${problem.field} under ${prefix}`).toBe(true);
      expect(problem.message).toBe(`${problem.field}: ${problem.reason}`);
      expect(problem.reason.length).toBeGreaterThan(0);
    }
    return;
  }
  check(accepted);
}

/** An accepted architecture is canonical: it survives encode → decode and JSON → validate with the same id. */
function expectCanonical(spec: ArchitectureSpec): void {
  const id = architectureId(spec);
  expect(id).toMatch(/^[0-9a-f]{16}$/);
  const decisions = encode(spec);
  expect(decisions).toHaveLength(CARDINALITIES.length);
  expect(decode(decisions)).toEqual(spec);
  expect(validateArchitecture(canonicalJson(spec))).toEqual(spec);
  expect(architectureId(decode(decisions))).toBe(id);
}

const validDecisions = fc.tuple(...CARDINALITIES.map((n) => fc.integer({ min: 0, max: n - 1 })));

/** Some value inside a valid architecture replaced, deleted or added to: near-misses, which reach deeper checks than random JSON. */
const jsonValue = fc.jsonValue({ maxDepth: 3 });
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('replace' as const), pick: fc.nat(), value: jsonValue }),
  fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('add' as const), pick: fc.nat(), key: fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', 'stride', 'channels', 'toString')), value: jsonValue }),
);

function containers(value: unknown, out: (Record<string, unknown> | unknown[])[] = []): (Record<string, unknown> | unknown[])[] {
  if (value !== null && typeof value === 'object') {
    out.push(value as Record<string, unknown>);
    for (const child of Object.values(value)) containers(child, out);
  }
  return out;
}

interface Mutation {
  kind: 'replace' | 'delete' | 'add';
  /** Picks the object or array changed, and the key in it. */
  pick: number;
  key?: string;
  value?: unknown;
}

function mutate(value: unknown, m: Mutation): unknown {
  const all = containers(value);
  const target = all[m.pick % all.length];
  const keys = Object.keys(target);
  if (m.kind === 'add' || keys.length === 0) {
    // defineProperty: a "__proto__" key becomes an own field, as JSON.parse makes it.
    Object.defineProperty(target, Array.isArray(target) ? String(target.length) : (m.key ?? 'extra'), { value: m.value ?? null, enumerable: true, writable: true, configurable: true });
  } else if (m.kind === 'delete') {
    const key = keys[m.pick % keys.length];
    if (Array.isArray(target)) target.splice(Number(key), 1);
    else delete target[key];
  } else {
    (target as Record<string, unknown>)[keys[m.pick % keys.length]] = m.value;
  }
  return value;
}

const valid = validDecisions.map((d) => JSON.parse(canonicalJson(decode(d))) as unknown);

const nearMiss = fc.tuple(validDecisions, fc.array(mutation, { minLength: 1, maxLength: 3 })).map(([decisions, mutations]) => {
  const value: unknown = JSON.parse(canonicalJson(decode(decisions)));
  return mutations.reduce((v, m) => mutate(v, m), value);
});

describe('architectures (property-based)', () => {
  it('any JSON value validates into a canonical architecture or is refused naming a field', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), nearMiss, valid), (value) => {
        acceptedOrRefused('', () => validateArchitecture(value), expectCanonical);
      }),
      { numRuns: 500 },
    );
  });

  it('any text as architecture JSON likewise, with the prefix the profiler gives it', () => {
    const text = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.jsonValue().map((v) => JSON.stringify(v)),
      nearMiss.map((v) => JSON.stringify(v)),
      valid.map((v) => JSON.stringify(v, null, 2)),
      // Lone surrogates and escapes that JSON.parse accepts into keys and values.
      fc.constantFrom('{"\\ud800": 1}', '{"space": "\\udfff"}', '{"blocks": [{"\\u0000": 1}]}', `${'['.repeat(5000)}${']'.repeat(5000)}`),
    );
    fc.assert(
      fc.property(text, (json) => {
        acceptedOrRefused('architecture.json', () => validateArchitecture(json, 'architecture.json'), expectCanonical);
      }),
      { numRuns: 500 },
    );
  });

  it('any decision vector decodes into an architecture whose encoding decodes to it again, or is refused', () => {
    const vector = fc.oneof(
      validDecisions,
      fc.array(fc.oneof(fc.integer(), fc.double(), fc.constant(Number.NaN)), { maxLength: 45 }),
      fc.tuple(validDecisions, fc.nat({ max: CARDINALITIES.length - 1 }), fc.integer()).map(([d, i, v]) => Object.assign([...d], { [i]: v })),
    );
    fc.assert(
      fc.property(vector, (decisions) => {
        acceptedOrRefused('decisions', () => decode(validateDecisions(decisions)), (spec) => {
          expectCanonical(spec);
          // A non-canonical vector (a ds block's unused expansion) decodes to the same architecture as its canonical one.
          expect(decode(encode(spec))).toEqual(decode(decisions));
        });
      }),
      { numRuns: 500 },
    );
  });

  it('any Architecture message resolves to the architecture it describes, or is refused naming architecture.*', () => {
    const message: fc.Arbitrary<Architecture> = fc.record(
      {
        id: fc.oneof(fc.constant(''), fc.string({ maxLength: 20 }), fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 16, maxLength: 16 })),
        space: fc.oneof(fc.constant(''), fc.constant('mobilefacenet-v1'), fc.string({ maxLength: 20 })),
        decisions: fc.oneof(fc.constant<number[]>([]), validDecisions, fc.array(fc.integer({ min: -3, max: 8 }), { maxLength: 40 })),
        json: fc.oneof(fc.constant(''), validDecisions.map((d) => canonicalJson(decode(d))), nearMiss.map((v) => JSON.stringify(v)), fc.string({ maxLength: 50 })),
        parameters: fc.integer(),
        madds: fc.integer(),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(message, validDecisions.map((d) => toArchitectureMessage(decode(d), 112))), (msg) => {
        acceptedOrRefused('architecture', () => fromArchitectureMessage(msg, 'architecture'), (spec) => {
          expectCanonical(spec);
          const canonical = toArchitectureMessage(spec, 112);
          expect(canonical.id).toBe(architectureId(spec));
          if (msg.id) expect(msg.id).toBe(canonical.id);
          expect(fromArchitectureMessage(canonical, 'architecture')).toEqual(spec);
        });
      }),
      { numRuns: 500 },
    );
  });
});
