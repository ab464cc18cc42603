// The readable form of an architecture of `mobilefacenet-v1`, its canonical form and
// its id. `stride` and `channels` are derived from the block index and width; they are
// part of the JSON only so that a person reading it sees the network's shape.

import { createHash } from 'node:crypto';
import {
  type Activation,
  type BlockType,
  type Embedding,
  type Expansion,
  type HeadType,
  type Kernel,
  type LayerCount,
  type Width,
  BLOCK_BASE_CHANNELS,
  BLOCK_STRIDES,
  SPACE_NAME,
} from './space.js';
import { scaledChannels } from './channels.js';
import { stableStringify } from './stable-json.js';

/** The searched decisions of one block. */
export interface BlockChoices {
  type: BlockType;
  kernel: Kernel;
  expansion: Expansion;
  layers: LayerCount;
  se: boolean;
  width: Width;
  activation: Activation;
}

export interface BlockSpec extends BlockChoices {
  /** Stride of the block's first layer (fixed by the block index). */
  stride: number;
  /** Output channels: base channels × width, made divisible by 8. */
  channels: number;
}

export interface HeadSpec {
  type: HeadType;
  embedding: Embedding;
}

export interface ArchitectureSpec {
  space: typeof SPACE_NAME;
  blocks: BlockSpec[];
  head: HeadSpec;
}

/** A block with its derived fields filled in and meaningless choices set canonically. */
export function blockSpec(index: number, choices: BlockChoices): BlockSpec {
  return {
    type: choices.type,
    kernel: choices.kernel,
    // A depthwise-separable block has no expansion layer: its canonical expansion is 1.
    expansion: choices.type === 'ds' ? 1 : choices.expansion,
    layers: choices.layers,
    se: choices.se,
    width: choices.width,
    activation: choices.activation,
    stride: BLOCK_STRIDES[index],
    channels: scaledChannels(BLOCK_BASE_CHANNELS[index], choices.width),
  };
}

/** The canonical form: derived fields recomputed, ds expansion 1, no extra keys. */
export function canonicalize(spec: ArchitectureSpec): ArchitectureSpec {
  return {
    space: SPACE_NAME,
    blocks: spec.blocks.map((block, i) => blockSpec(i, block)),
    head: { type: spec.head.type, embedding: spec.head.embedding },
  };
}

/** Canonical JSON text: sorted keys, canonical values. */
export function canonicalJson(spec: ArchitectureSpec): string {
  const c = canonicalize(spec);
  return stableStringify({ space: c.space, blocks: c.blocks.map((b) => ({ ...b })), head: { ...c.head } });
}

/** sha256 of the canonical JSON, first 16 hex digits. */
export function architectureId(spec: ArchitectureSpec): string {
  return createHash('sha256').update(canonicalJson(spec)).digest('hex').slice(0, 16);
}
