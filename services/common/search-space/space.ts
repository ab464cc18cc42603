// The `mobilefacenet-v1` search space as data: every decision in its fixed order with
// its choices, so strategies can work on integer vectors alone.
//
// Order (37 decisions): for each of the 5 blocks, in this order,
//   type, kernel, expansion, layers, se, width, activation
// then head.type, head.embedding. Decision i of block b sits at b * 7 + i.
//
// `layers` goes up to 6 although DESIGN.md says 1–4: MobileFaceNet itself has blocks of
// 5 and 6 layers, and the space must contain it.

export const SPACE_NAME = 'mobilefacenet-v1';

export const BLOCK_TYPES = ['ir', 'ds'] as const;
export const KERNELS = [3, 5, 7] as const;
export const EXPANSIONS = [1, 2, 4, 6] as const;
export const LAYER_COUNTS = [1, 2, 3, 4, 5, 6] as const;
export const SE_CHOICES = [false, true] as const;
export const WIDTHS = [0.5, 0.75, 1.0, 1.25] as const;
export const ACTIVATIONS = ['relu', 'prelu', 'hswish'] as const;
export const HEAD_TYPES = ['gdc', 'gap'] as const;
export const EMBEDDINGS = [128, 256, 512] as const;

export type BlockType = (typeof BLOCK_TYPES)[number];
export type Kernel = (typeof KERNELS)[number];
export type Expansion = (typeof EXPANSIONS)[number];
export type LayerCount = (typeof LAYER_COUNTS)[number];
export type Width = (typeof WIDTHS)[number];
export type Activation = (typeof ACTIVATIONS)[number];
export type HeadType = (typeof HEAD_TYPES)[number];
export type Embedding = (typeof EMBEDDINGS)[number];

/** First-layer stride of each block; the other layers of a block have stride 1. */
export const BLOCK_STRIDES = [2, 2, 1, 2, 1] as const;
/** Output channels of each block at width 1.0. */
export const BLOCK_BASE_CHANNELS = [64, 128, 128, 128, 128] as const;
export const BLOCK_COUNT = BLOCK_STRIDES.length;

/** Fixed stem: conv3x3 stride 2 to 64 channels, then depthwise 3x3 stride 1; both PReLU. */
export const STEM_CHANNELS = 64;
/** Channels of the 1x1 conv at the start of the head. */
export const HEAD_CHANNELS = 512;
/** Total stride of the network: stem 2 × blocks 2·2·2. */
export const NETWORK_STRIDE = 16;

export type BlockField = 'type' | 'kernel' | 'expansion' | 'layers' | 'se' | 'width' | 'activation';
export type HeadField = 'type' | 'embedding';

export const BLOCK_FIELDS: readonly BlockField[] = ['type', 'kernel', 'expansion', 'layers', 'se', 'width', 'activation'];
export const BLOCK_FIELD_CHOICES: Readonly<Record<BlockField, readonly (string | number | boolean)[]>> = {
  type: BLOCK_TYPES,
  kernel: KERNELS,
  expansion: EXPANSIONS,
  layers: LAYER_COUNTS,
  se: SE_CHOICES,
  width: WIDTHS,
  activation: ACTIVATIONS,
};
export const HEAD_FIELDS: readonly HeadField[] = ['type', 'embedding'];
export const HEAD_FIELD_CHOICES: Readonly<Record<HeadField, readonly (string | number)[]>> = {
  type: HEAD_TYPES,
  embedding: EMBEDDINGS,
};

export interface Decision {
  /** The field's own name, e.g. `kernel`. */
  readonly name: string;
  /** Dotted path in the architecture JSON, e.g. `blocks.2.kernel`. */
  readonly path: string;
  readonly choices: readonly (string | number | boolean)[];
}

export const DECISIONS: readonly Decision[] = [
  ...Array.from({ length: BLOCK_COUNT }, (_, b) =>
    BLOCK_FIELDS.map((name) => ({ name, path: `blocks.${b}.${name}`, choices: BLOCK_FIELD_CHOICES[name] })),
  ).flat(),
  ...HEAD_FIELDS.map((name) => ({ name, path: `head.${name}`, choices: HEAD_FIELD_CHOICES[name] })),
];

export const DECISION_COUNT = DECISIONS.length;
export const CARDINALITIES: readonly number[] = DECISIONS.map((d) => d.choices.length);

/** Position of a block field in the decision vector. */
export function blockDecisionIndex(block: number, field: BlockField): number {
  return block * BLOCK_FIELDS.length + BLOCK_FIELDS.indexOf(field);
}

/** Position of a head field in the decision vector. */
export function headDecisionIndex(field: HeadField): number {
  return BLOCK_COUNT * BLOCK_FIELDS.length + HEAD_FIELDS.indexOf(field);
}

/** What a search strategy needs to know about the space: integer vectors only. */
export interface DecisionSpace {
  readonly name: string;
  readonly cardinalities: readonly number[];
  readonly names: readonly string[];
}

export const DECISION_SPACE: DecisionSpace = {
  name: SPACE_NAME,
  cardinalities: CARDINALITIES,
  names: DECISIONS.map((d) => d.path),
};
