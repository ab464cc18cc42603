import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors/errors.js';
import { architectureId, canonicalJson } from './architecture.js';
import { fromArchitectureMessage, toArchitectureMessage } from './architecture-message.js';
import { decode, encode } from './encoding.js';
import { MOBILEFACENET } from './mobilefacenet.js';

function fieldOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidArgumentError);
    return (err as InvalidArgumentError).field;
  }
  return 'accepted';
}

describe('Architecture message', () => {
  it('carries id, decisions, canonical JSON and costs at the image size', () => {
    const msg = toArchitectureMessage(MOBILEFACENET, 112);
    expect(msg).toEqual({
      id: architectureId(MOBILEFACENET),
      space: 'mobilefacenet-v1',
      decisions: encode(MOBILEFACENET),
      json: canonicalJson(MOBILEFACENET),
      parameters: 1_022_720,
      madds: 220_965_376,
    });
    expect(toArchitectureMessage(MOBILEFACENET, 64).madds).toBeLessThan(msg.madds);
  });

  it('reads json, decisions, or both when they agree', () => {
    const msg = toArchitectureMessage(MOBILEFACENET, 112);
    expect(fromArchitectureMessage(msg)).toEqual(MOBILEFACENET);
    expect(fromArchitectureMessage({ decisions: msg.decisions })).toEqual(MOBILEFACENET);
    expect(fromArchitectureMessage({ json: msg.json, decisions: [] })).toEqual(MOBILEFACENET);
  });

  it('names the field of every problem', () => {
    const msg = toArchitectureMessage(MOBILEFACENET, 112);
    const other = [...msg.decisions];
    other[1] = 2;
    expect(architectureId(decode(other))).not.toBe(msg.id);
    expect(fieldOf(() => fromArchitectureMessage({ json: msg.json, decisions: other }))).toBe('architecture');
    expect(fieldOf(() => fromArchitectureMessage({}))).toBe('architecture');
    expect(fieldOf(() => fromArchitectureMessage(undefined, 'request.architecture'))).toBe('request.architecture');
    expect(fieldOf(() => fromArchitectureMessage({ json: msg.json.replace('"kernel":3', '"kernel":4') }))).toBe(
      'architecture.json.blocks.0.kernel',
    );
    expect(fieldOf(() => fromArchitectureMessage({ json: '{' }))).toBe('architecture.json');
    expect(fieldOf(() => fromArchitectureMessage({ decisions: [...msg.decisions.slice(0, 36), 3] }))).toBe('architecture.decisions.36');
    expect(fieldOf(() => fromArchitectureMessage({ ...msg, space: 'other' }))).toBe('architecture.space');
    expect(fieldOf(() => fromArchitectureMessage({ ...msg, id: '0123456789abcdef' }))).toBe('architecture.id');
  });
});
