import { describe, expect, it } from 'vitest';
import { architectureId, canonicalJson } from './architecture.js';
import { decode, encode } from './encoding.js';
import { MOBILEFACENET } from './mobilefacenet.js';
import { blockDecisionIndex } from './space.js';
import { validateArchitecture } from './validation.js';

function reorderKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reorderKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reorderKeys(v)]));
  }
  return value;
}

describe('architecture id', () => {
  it('is 16 hex digits, stable under key reordering and optional derived fields', () => {
    const id = architectureId(MOBILEFACENET);
    expect(id).toMatch(/^[0-9a-f]{16}$/);
    const reordered = JSON.stringify(reorderKeys(JSON.parse(JSON.stringify(MOBILEFACENET))));
    expect(reordered).not.toBe(JSON.stringify(MOBILEFACENET));
    expect(architectureId(validateArchitecture(reordered))).toBe(id);
    const withoutDerived = JSON.parse(JSON.stringify(MOBILEFACENET));
    for (const b of withoutDerived.blocks) {
      delete b.stride;
      delete b.channels;
    }
    expect(architectureId(validateArchitecture(withoutDerived))).toBe(id);
  });

  it('canonical JSON has sorted keys', () => {
    const json = canonicalJson(MOBILEFACENET);
    expect(json.startsWith('{"blocks":[{"activation":"prelu","channels":64,"expansion":2,')).toBe(true);
    expect(json.endsWith('"head":{"embedding":128,"type":"gdc"},"space":"mobilefacenet-v1"}')).toBe(true);
  });

  it('differs when any meaningful decision differs', () => {
    const base = encode(MOBILEFACENET);
    const ids = new Set([architectureId(MOBILEFACENET)]);
    for (let i = 0; i < base.length; i++) {
      const d = [...base];
      d[i] = (d[i] + 1) % (i === 36 ? 3 : 2);
      ids.add(architectureId(decode(d)));
    }
    expect(ids.size).toBe(38);
  });

  it('is the same for ds blocks that differ only in (meaningless) expansion', () => {
    const d = encode(MOBILEFACENET);
    d[blockDecisionIndex(2, 'type')] = 1;
    const ids = [0, 1, 2, 3].map((e) => {
      d[blockDecisionIndex(2, 'expansion')] = e;
      return architectureId(decode(d));
    });
    expect(new Set(ids).size).toBe(1);
    expect(decode(d).blocks[2].expansion).toBe(1);
    const viaJson = JSON.parse(JSON.stringify(decode(d)));
    viaJson.blocks[2].expansion = 6;
    expect(architectureId(validateArchitecture(viaJson))).toBe(ids[0]);
    // while for an ir block expansion matters
    d[blockDecisionIndex(2, 'type')] = 0;
    expect(architectureId(decode(d))).not.toBe(ids[0]);
  });
});
