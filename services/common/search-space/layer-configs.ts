// The network as a chain of layer units (see layer-unit.ts): what the builder builds,
// what the cost model sums and what the latency table is keyed by.

import type { ArchitectureSpec } from './architecture.js';
import { outputSize, scaledChannels } from './channels.js';
import {
  type Activation,
  type BlockType,
  type Expansion,
  ACTIVATIONS,
  BLOCK_BASE_CHANNELS,
  BLOCK_COUNT,
  BLOCK_STRIDES,
  BLOCK_TYPES,
  EMBEDDINGS,
  EXPANSIONS,
  HEAD_TYPES,
  KERNELS,
  NETWORK_STRIDE,
  SE_CHOICES,
  STEM_CHANNELS,
  WIDTHS,
} from './space.js';
import { type LayerUnit, layerKey, unitMadds, unitParameters } from './layer-unit.js';
import { validateImageSize } from './validation.js';

export interface LayerConfig {
  /** Latency-table key (stable JSON of `unit`). */
  key: string;
  unit: LayerUnit;
  parameters: number;
  madds: number;
}

export interface PlacedLayerConfig extends LayerConfig {
  /** Where the unit sits, e.g. `stem.conv`, `blocks.2.layers.1.expand`, `head`. */
  scope: string;
  /** The network layer the unit belongs to (a residual add skips from its input), e.g. `blocks.2.layers.1`. */
  layer: string;
}

export interface NetworkOptions {
  /** Input image channels (3 for RGB). */
  inputChannels?: number;
}

function config(unit: LayerUnit): LayerConfig {
  return { key: layerKey(unit), unit, parameters: unitParameters(unit), madds: unitMadds(unit) };
}

/** One block layer in context: the facts that decide its units. */
interface BlockLayer {
  type: BlockType;
  kernel: number;
  expansion: Expansion;
  se: boolean;
  activation: Activation;
  inputSize: number;
  in: number;
  out: number;
  stride: number;
}

/** A block layer's units in execution order, each with its part name. */
function blockLayerUnits(l: BlockLayer): [string, LayerUnit][] {
  const after = outputSize(l.inputSize, l.stride);
  const depthwise = (channels: number): LayerUnit => ({
    kind: 'depthwise',
    inputSize: l.inputSize,
    channels,
    kernel: l.kernel,
    stride: l.stride,
    activation: l.activation,
    se: l.se,
  });
  if (l.type === 'ds') {
    return [
      ['depthwise', depthwise(l.in)],
      ['pointwise', { kind: 'pointwise', inputSize: after, in: l.in, out: l.out, activation: l.activation, residual: false }],
    ];
  }
  // Like torchvision's MnasNet, the inverted residual keeps its 1x1 expansion even at t = 1.
  const hidden = l.in * l.expansion;
  const residual = l.stride === 1 && l.in === l.out;
  return [
    ['expand', { kind: 'pointwise', inputSize: l.inputSize, in: l.in, out: hidden, activation: l.activation, residual: false }],
    ['depthwise', depthwise(hidden)],
    ['project', { kind: 'pointwise', inputSize: after, in: hidden, out: l.out, activation: 'linear', residual }],
  ];
}

function stemUnits(imageSize: number, inputChannels: number): [string, LayerUnit][] {
  return [
    ['conv', { kind: 'conv', inputSize: imageSize, in: inputChannels, out: STEM_CHANNELS, kernel: 3, stride: 2, activation: 'prelu' }],
    [
      'depthwise',
      { kind: 'depthwise', inputSize: imageSize / 2, channels: STEM_CHANNELS, kernel: 3, stride: 1, activation: 'prelu', se: false },
    ],
  ];
}

/** Spatial size at the input of each block: after the stem and the earlier blocks' strides. */
function blockInputSizes(imageSize: number): number[] {
  const sizes: number[] = [];
  let size = imageSize / 2;
  for (let b = 0; b < BLOCK_COUNT; b++) {
    sizes.push(size);
    size = outputSize(size, BLOCK_STRIDES[b]);
  }
  return sizes;
}

/** The network as a chain of units in execution order. */
export function layerConfigs(spec: ArchitectureSpec, imageSize: number, options: NetworkOptions = {}): PlacedLayerConfig[] {
  validateImageSize(imageSize);
  const placed: PlacedLayerConfig[] = [];
  for (const [part, unit] of stemUnits(imageSize, options.inputChannels ?? 3)) {
    placed.push({ ...config(unit), scope: `stem.${part}`, layer: `stem.${part}` });
  }
  const inputSizes = blockInputSizes(imageSize);
  let channels = STEM_CHANNELS;
  spec.blocks.forEach((block, b) => {
    let size = inputSizes[b];
    for (let i = 0; i < block.layers; i++) {
      const stride = i === 0 ? block.stride : 1;
      const layer = `blocks.${b}.layers.${i}`;
      const units = blockLayerUnits({ ...block, inputSize: size, in: channels, out: block.channels, stride });
      for (const [part, unit] of units) placed.push({ ...config(unit), scope: `${layer}.${part}`, layer });
      size = outputSize(size, stride);
      channels = block.channels;
    }
  });
  const head: LayerUnit = { kind: 'head', inputSize: imageSize / NETWORK_STRIDE, in: channels, type: spec.head.type, embedding: spec.head.embedding };
  placed.push({ ...config(head), scope: 'head', layer: 'head' });
  return placed;
}

/**
 * Every distinct unit the space can produce at this image size, sorted by key: what a
 * latency agent times to fill its table (1,718 keys at any valid size; see layer-unit.ts).
 */
export function enumerateLayerConfigs(imageSize: number, options: NetworkOptions = {}): LayerConfig[] {
  validateImageSize(imageSize);
  const byKey = new Map<string, LayerConfig>();
  const seen = new Set<string>();
  const add = (unit: LayerUnit): void => {
    // Most units recur many times; plain JSON (fixed field order here) skips them cheaply.
    const quick = JSON.stringify(unit);
    if (seen.has(quick)) return;
    seen.add(quick);
    const c = config(unit);
    byKey.set(c.key, c);
  };
  for (const [, unit] of stemUnits(imageSize, options.inputChannels ?? 3)) add(unit);
  const inputSizes = blockInputSizes(imageSize);
  const widthsOf = (b: number): number[] => WIDTHS.map((w) => scaledChannels(BLOCK_BASE_CHANNELS[b], w));
  for (let b = 0; b < BLOCK_COUNT; b++) {
    const ins = b === 0 ? [STEM_CHANNELS] : widthsOf(b - 1);
    const after = outputSize(inputSizes[b], BLOCK_STRIDES[b]);
    for (const out of widthsOf(b)) {
      // The first layer sees every input width; later layers have in == out and stride 1.
      const contexts = [
        ...ins.map((inCh) => ({ inputSize: inputSizes[b], in: inCh, stride: BLOCK_STRIDES[b] })),
        { inputSize: after, in: out, stride: 1 },
      ];
      for (const ctx of contexts) {
        for (const type of BLOCK_TYPES) {
          for (const expansion of type === 'ds' ? [1 as const] : EXPANSIONS) {
            for (const kernel of KERNELS) {
              for (const se of SE_CHOICES) {
                for (const activation of ACTIVATIONS) {
                  for (const [, unit] of blockLayerUnits({ ...ctx, type, expansion, kernel, se, activation, out })) add(unit);
                }
              }
            }
          }
        }
      }
    }
  }
  for (const inCh of widthsOf(BLOCK_COUNT - 1)) {
    for (const type of HEAD_TYPES) {
      for (const embedding of EMBEDDINGS) {
        add({ kind: 'head', inputSize: imageSize / NETWORK_STRIDE, in: inCh, type, embedding });
      }
    }
  }
  return [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
