import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, InvalidArgumentsError } from '../errors/errors.js';
import { encode } from './encoding.js';
import { MOBILEFACENET } from './mobilefacenet.js';
import { validateArchitecture, validateDecisions, validateImageSize } from './validation.js';

function mfn(): Record<string, any> {
  return JSON.parse(JSON.stringify(MOBILEFACENET));
}

function errorOf(fn: () => unknown): InvalidArgumentError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidArgumentError);
    return err as InvalidArgumentError;
  }
  throw new Error('expected an InvalidArgumentError');
}

describe('validateArchitecture', () => {
  const cases: [string, (a: Record<string, any>) => unknown, string, RegExp][] = [
    ['bad kernel', (a) => (a.blocks[2].kernel = 4), 'blocks.2.kernel', /^blocks\.2\.kernel: must be one of 3, 5, 7, got 4$/],
    ['kernel as string', (a) => (a.blocks[0].kernel = '3'), 'blocks.0.kernel', /must be a number.*got "3"/],
    ['se not boolean', (a) => (a.blocks[4].se = 'yes'), 'blocks.4.se', /must be a boolean/],
    ['missing width', (a) => delete a.blocks[1].width, 'blocks.1.width', /is required/],
    ['unknown block key', (a) => (a.blocks[3].dilation = 2), 'blocks.3.dilation', /unknown field/],
    ['bad activation', (a) => (a.blocks[1].activation = 'gelu'), 'blocks.1.activation', /one of relu, prelu, hswish, got "gelu"/],
    ['layers 7', (a) => (a.blocks[0].layers = 7), 'blocks.0.layers', /one of 1, 2, 3, 4, 5, 6, got 7/],
    ['wrong derived stride', (a) => (a.blocks[2].stride = 2), 'blocks.2.stride', /derived.*must be 1, got 2/],
    ['wrong derived channels', (a) => (a.blocks[0].channels = 60), 'blocks.0.channels', /must be 64, got 60/],
    ['block not object', (a) => (a.blocks[1] = 5), 'blocks.1', /must be an object/],
    ['4 blocks', (a) => a.blocks.pop(), 'blocks', /exactly 5 blocks, got 4/],
    ['blocks not array', (a) => (a.blocks = {}), 'blocks', /must be an array/],
    ['bad embedding', (a) => (a.head.embedding = 64), 'head.embedding', /one of 128, 256, 512, got 64/],
    ['bad head type', (a) => (a.head.type = 'fc'), 'head.type', /one of gdc, gap/],
    ['missing head', (a) => delete a.head, 'head', /must be an object, got nothing/],
    ['unknown head key', (a) => (a.head.dropout = 0.1), 'head.dropout', /unknown field/],
    ['wrong space', (a) => (a.space = 'darts'), 'space', /must be "mobilefacenet-v1", got "darts"/],
    ['unknown top-level key', (a) => (a.extra = 1), 'extra', /unknown field/],
  ];
  for (const [name, change, field, message] of cases) {
    it(`names ${field} for ${name}`, () => {
      const a = mfn();
      change(a);
      const err = errorOf(() => validateArchitecture(a));
      expect(err.field).toBe(field);
      expect(err.message).toMatch(message);
      expect(err.kind).toBe('INVALID_ARGUMENT');
      // the same through JSON text, with a prefix
      const viaText = errorOf(() => validateArchitecture(JSON.stringify(a), 'architecture.json'));
      expect(viaText.field).toBe(`architecture.json.${field}`);
    });
  }

  it('reports every problem at once', () => {
    const a = mfn();
    a.blocks[0].kernel = 9;
    a.head.embedding = 1;
    expect(() => validateArchitecture(a)).toThrow(InvalidArgumentsError);
    try {
      validateArchitecture(a);
    } catch (err) {
      expect((err as InvalidArgumentsError).problems.map((p) => p.field)).toEqual(['blocks.0.kernel', 'head.embedding']);
    }
  });

  it('rejects non-objects, bad JSON and oversized JSON before parsing', () => {
    expect(errorOf(() => validateArchitecture(null)).message).toMatch(/^architecture: must be a JSON object, got null/);
    expect(errorOf(() => validateArchitecture([1])).message).toMatch(/got an array/);
    expect(errorOf(() => validateArchitecture('{"space":')).message).toMatch(/^architecture: is not valid JSON/);
    const huge = JSON.stringify({ ...mfn(), pad: 'x'.repeat(70_000) });
    expect(errorOf(() => validateArchitecture(huge)).message).toMatch(/more than the limit of 65536/);
  });

  it('accepts MobileFaceNet and returns it canonical', () => {
    expect(validateArchitecture(JSON.stringify(MOBILEFACENET))).toEqual(MOBILEFACENET);
  });
});

describe('validateDecisions', () => {
  it('names the bad position and its path', () => {
    const d = encode(MOBILEFACENET);
    d[15] = 2; // position 15 = 2 × 7 + 1 = blocks.2.kernel, cardinality 3
    expect(validateDecisions(d)).toBe(d);
    d[15] = 3;
    const err = errorOf(() => validateDecisions(d));
    expect(err.message).toBe('decisions.15: (blocks.2.kernel) must be an integer in [0, 3), got 3');
    d[15] = 1.5;
    expect(errorOf(() => validateDecisions(d)).field).toBe('decisions.15');
    d[15] = 0;
    d[36] = -1;
    expect(errorOf(() => validateDecisions(d, 'architecture.decisions')).field).toBe('architecture.decisions.36');
  });

  it('checks type and length', () => {
    expect(errorOf(() => validateDecisions('0,1')).message).toMatch(/^decisions: must be an array of 37 integers/);
    expect(errorOf(() => validateDecisions([0, 1])).message).toBe('decisions: must have exactly 37 decisions, got 2');
    const d: unknown[] = encode(MOBILEFACENET);
    d[0] = '0';
    expect(errorOf(() => validateDecisions(d)).field).toBe('decisions.0');
  });
});

describe('validateImageSize', () => {
  it('accepts multiples of 16 from 32 and names the field otherwise', () => {
    expect(validateImageSize(32)).toBe(32);
    expect(validateImageSize(112)).toBe(112);
    for (const bad of [16, 100, 0, -32, 64.5, '64']) {
      expect(errorOf(() => validateImageSize(bad, 'spec.imageSize')).field).toBe('spec.imageSize');
    }
  });
});
