import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors/errors.js';
import { Rng } from '../random/rng.js';
import { countMadds, countParameters } from './cost.js';
import { decode, encode } from './encoding.js';
import { enumerateLayerConfigs, layerConfigs } from './layer-configs.js';
import { layerKey, parseLayerKey } from './layer-unit.js';
import { MOBILEFACENET } from './mobilefacenet.js';
import { sampleUniform } from './sampling.js';
import { blockDecisionIndex } from './space.js';

describe('layerConfigs', () => {
  it('lays MobileFaceNet out as stem (2 units), 15 ir layers × 3 units, head', () => {
    const configs = layerConfigs(MOBILEFACENET, 112);
    expect(configs).toHaveLength(2 + 15 * 3 + 1);
    expect(configs.slice(0, 5).map((c) => c.scope)).toEqual([
      'stem.conv',
      'stem.depthwise',
      'blocks.0.layers.0.expand',
      'blocks.0.layers.0.depthwise',
      'blocks.0.layers.0.project',
    ]);
    expect(configs[4].layer).toBe('blocks.0.layers.0');
    // block 0 layer 1: 28x28, 64 → 128 → 64, stride 1, residual
    expect(configs[7].unit).toEqual({ kind: 'pointwise', inputSize: 28, in: 128, out: 64, activation: 'linear', residual: true });
    expect(configs[4].unit).toMatchObject({ residual: false }); // stride-2 first layer
    expect(configs.at(-1)?.unit).toEqual({ kind: 'head', inputSize: 7, in: 128, type: 'gdc', embedding: 128 });
  });

  it('per-unit parameters and MAdds sum to the whole network (200 random architectures)', () => {
    const rng = new Rng(9);
    for (let i = 0; i < 200; i++) {
      const spec = decode(sampleUniform(rng));
      const configs = layerConfigs(spec, 64);
      expect(configs.reduce((s, c) => s + c.parameters, 0)).toBe(countParameters(spec, 64));
      expect(configs.reduce((s, c) => s + c.madds, 0)).toBe(countMadds(spec, 64));
    }
  });

  it('gives the same key to the same configuration in two architectures', () => {
    const a = encode(MOBILEFACENET);
    const b = [...a];
    b[blockDecisionIndex(4, 'kernel')] = 2; // only block 4 differs
    const keysA = layerConfigs(decode(a), 112);
    const keysB = layerConfigs(decode(b), 112);
    const before = keysA.findIndex((c) => c.scope.startsWith('blocks.4'));
    expect(keysB.slice(0, before).map((c) => c.key)).toEqual(keysA.slice(0, before).map((c) => c.key));
    expect(keysB[before + 1].key).not.toBe(keysA[before + 1].key); // the k7 depthwise
    expect(keysB[before].key).toBe(keysA[before].key); // its 1x1 expansion is unchanged
    // An ir expansion with t = 1 is the same unit as a ds pointwise with the same channels.
    const ir = decode(a);
    ir.blocks[2] = { ...ir.blocks[2], expansion: 1, activation: 'relu' };
    ir.blocks[3] = { ...ir.blocks[3], type: 'ds', activation: 'relu' };
    const c = layerConfigs(ir, 112);
    const irExpand = c.find((u) => u.scope === 'blocks.2.layers.1.expand');
    const dsPointwise = c.find((u) => u.scope === 'blocks.3.layers.0.pointwise');
    expect(irExpand?.unit).toMatchObject({ inputSize: 14, in: 128, out: 128 });
    expect(dsPointwise?.unit).toMatchObject({ inputSize: 7 });
    expect(layerKey({ ...(irExpand!.unit as object), inputSize: 7 } as never)).toBe(dsPointwise!.key);
  });

  it('keys are sorted-key JSON and parse back to the same unit', () => {
    const [conv] = layerConfigs(MOBILEFACENET, 112);
    expect(conv.key).toBe('{"activation":"prelu","in":3,"inputSize":112,"kernel":3,"kind":"conv","out":64,"stride":2}');
    for (const c of enumerateLayerConfigs(64)) {
      expect(layerKey(parseLayerKey(c.key))).toBe(c.key);
    }
  });

  it('refuses bad keys naming the field', () => {
    const field = (key: string): string => {
      try {
        parseLayerKey(key);
      } catch (err) {
        return (err as InvalidArgumentError).field;
      }
      return 'accepted';
    };
    expect(field('nope')).toBe('key');
    expect(field('{"kind":"lstm"}')).toBe('key.kind');
    expect(field('{"kind":"depthwise","inputSize":14,"channels":64,"kernel":4,"stride":1,"activation":"relu","se":false}')).toBe('key.kernel');
    expect(field('{"kind":"pointwise","inputSize":14,"in":64,"out":99999,"activation":"relu","residual":false}')).toBe('key.out');
    expect(field('{"kind":"head","inputSize":7,"in":64,"type":"gap","embedding":128,"x":1}')).toBe('key.x');
    expect(field('{"kind":"head","inputSize":7,"type":"gap","embedding":128}')).toBe('key.in');
  });
});

describe('enumerateLayerConfigs', () => {
  it('has 1,718 distinct keys at each image size, covering every unit of random architectures', () => {
    for (const size of [64, 112]) {
      const all = enumerateLayerConfigs(size);
      expect(all).toHaveLength(1718);
      const keys = new Set(all.map((c) => c.key));
      expect(keys.size).toBe(all.length);
      const rng = new Rng(size);
      for (let i = 0; i < 300; i++) {
        for (const c of layerConfigs(decode(sampleUniform(rng)), size)) expect(keys.has(c.key)).toBe(true);
      }
      for (const c of layerConfigs(MOBILEFACENET, size)) expect(keys.has(c.key)).toBe(true);
    }
  });

  it('counts kinds: 1 conv, 24 head, 1,243 depthwise (by hand), 450 pointwise', () => {
    const all = enumerateLayerConfigs(112);
    const kinds: Record<string, number> = {};
    for (const c of all) kinds[c.unit.kind] = (kinds[c.unit.kind] ?? 0) + 1;
    expect(kinds.conv).toBe(1);
    expect(kinds.head).toBe(4 * 2 * 3);
    // Depthwise, by hand: each (size, stride) context has a set of channel counts, each
    // × 3 kernels × 3 activations × 2 SE = 18. Block 0's first layer (stride 2 from 64
    // channels) sees {64, 128, 256, 384}: 72. Five contexts see 13 hidden sizes each
    // (widths × expansions, e.g. {32,48,64,80} × {1,2,4,6} → 13 distinct): 5 × 234.
    // Plus the stem depthwise (stride 1, 64, PReLU): 72 + 1170 + 1 = 1243.
    expect(kinds.depthwise).toBe(1243);
    expect(kinds.pointwise).toBe(450);
    expect(kinds.conv + kinds.depthwise + kinds.pointwise + kinds.head).toBe(1718);
  });
});
