/**
 * The architectures the profiler trains (MobileFaceNet, the all-smallest one,
 * uniform samples by seed) and the search-space choice each tf.layers layer
 * of a built model stands for, so kernel time can be grouped by choice.
 */
import type { ArchitectureSpec, LayerUnit, PlacedLayerConfig } from '../../services/common/search-space/index.js';

type SearchSpace = typeof import('../../services/common/search-space/index.js');
type RngModule = typeof import('../../services/common/random/rng.js');

/** `mobilefacenet`, `smallest` (every decision 0) or `seed-N` (decode(sampleUniform(new Rng(N)))). */
export function caseSpec(name: string, space: SearchSpace, random: RngModule): ArchitectureSpec {
  if (name === 'mobilefacenet') return space.MOBILEFACENET;
  if (name === 'smallest') return space.decode(new Array<number>(space.DECISION_COUNT).fill(0));
  const seed = /^seed-(\d+)$/.exec(name);
  if (seed === null) throw new Error(`unknown case ${name}: mobilefacenet, smallest or seed-N`);
  return space.decode(space.sampleUniform(new random.Rng(Number(seed[1]))));
}

/** One line per architecture: per block type/kernel/expansion/layers/se/width/activation, then the head. */
export function describeSpec(spec: ArchitectureSpec): string {
  const blocks = spec.blocks.map(
    (b) => `${b.type} k${b.kernel} e${b.expansion} L${b.layers}${b.se ? ' se' : ''} w${b.width} ${b.activation}`,
  );
  return `${blocks.join(' | ')} | ${spec.head.type} ${spec.head.embedding}`;
}

export interface LayerChoice {
  /** What the layer implements, e.g. `dw k7 s1`, `act hswish`, `se`, `bn`, `residual add`. */
  category: string;
  /** Forward multiply-adds per image of the layer (convolutions and SE's dense layers only). */
  madds: number;
}

function unitCategory(unit: LayerUnit, role: string, squeeze: (c: number) => number): LayerChoice {
  if (role.endsWith('bn')) return { category: 'bn', madds: 0 };
  if (role.endsWith('act')) return { category: `act ${unit.kind === 'head' ? 'prelu' : (unit as { activation: string }).activation}`, madds: 0 };
  switch (unit.kind) {
    case 'conv': {
      const out = Math.ceil(unit.inputSize / unit.stride);
      return { category: `stem conv k${unit.kernel}`, madds: out * out * unit.out * unit.kernel * unit.kernel * unit.in };
    }
    case 'pointwise':
      if (role === 'add') return { category: 'residual add', madds: 0 };
      return { category: 'pw conv', madds: unit.inputSize * unit.inputSize * unit.in * unit.out };
    case 'depthwise': {
      const out = Math.ceil(unit.inputSize / unit.stride);
      if (role.startsWith('se')) {
        const fc = role === 'se_reduce' || role === 'se_expand' ? unit.channels * squeeze(unit.channels) : 0;
        return { category: 'se', madds: fc };
      }
      return { category: `dw k${unit.kernel} s${unit.stride}`, madds: out * out * unit.channels * unit.kernel * unit.kernel };
    }
    case 'head': {
      const area = unit.inputSize * unit.inputSize;
      if (role === 'conv') return { category: 'head conv1x1', madds: area * unit.in * 512 };
      if (role === 'gdc') return { category: 'head gdc', madds: area * 512 };
      if (role === 'linear') return { category: 'head linear', madds: 512 * unit.embedding };
      if (role === 'pool') return { category: 'head gap', madds: 0 };
      return { category: 'head other', madds: 0 };
    }
  }
}

/** tf.layers layer name → the choice it implements, for a model built by buildEmbeddingModel. */
export function layerChoices(
  placed: readonly PlacedLayerConfig[],
  layerNameForScope: (scope: string) => string,
  squeeze: (c: number) => number,
): (layerName: string) => LayerChoice {
  const prefixes = placed.map((p) => ({ prefix: `${layerNameForScope(p.scope)}_`, unit: p.unit }));
  // Longest prefix first: `b1_l1_` must not match a layer of `b1_l10_`-style names.
  prefixes.sort((a, b) => b.prefix.length - a.prefix.length);
  return (layerName) => {
    if (layerName === '') return { category: 'head/loss/optimizer', madds: 0 };
    const hit = prefixes.find((p) => layerName.startsWith(p.prefix));
    if (hit === undefined) return { category: 'other layers', madds: 0 };
    return unitCategory(hit.unit, layerName.slice(hit.prefix.length), squeeze);
  };
}
