// Independently timeable pieces of the network (the latency table's entries, FBNet /
// nn-Meter style) with their parameter and multiply-add counts.
//
// Why a block layer is split into units rather than timed whole: timing whole layers
// needs 6,506 distinct configurations at one image size (the first layer of a block
// sees every width pair of two blocks: 4 × 4 channel pairs × 90 layer variants), more
// than an agent can time. A layer is a chain of units that each materialise their
// output anyway in tfjs (no cross-op fusion), so the layer's latency is the sum of:
//   `pointwise`  1x1 conv + BN [+ act] [+ residual add]  (ir expand / ir project / ds pointwise)
//   `depthwise`  k×k depthwise conv + BN + act [+ SE]
// and the same unit in two layers (ir expand with t=1 and a ds pointwise, say) is the
// same key. That brings one image size to 1,718 keys (see enumerateLayerConfigs).
// The stem is a `conv` unit and a `depthwise` unit; the head is one `head` unit.

import { InvalidArgumentError } from '../errors/errors.js';
import {
  type Activation,
  type Embedding,
  type HeadType,
  ACTIVATIONS,
  EMBEDDINGS,
  HEAD_CHANNELS,
  HEAD_TYPES,
  KERNELS,
} from './space.js';
import { outputSize, squeezeChannels } from './channels.js';
import { type JsonValue, stableStringify } from './stable-json.js';

/** A unit's activation: one of the searched ones, or none (`linear`, the ir projection). */
export type UnitActivation = Activation | 'linear';
export const UNIT_ACTIVATIONS: readonly UnitActivation[] = [...ACTIVATIONS, 'linear'];

/** Full convolution + BN + activation (the stem). */
export interface ConvUnit {
  kind: 'conv';
  inputSize: number;
  in: number;
  out: number;
  kernel: number;
  stride: number;
  activation: Activation;
}

/** Depthwise k×k conv + BN + activation, then optional squeeze-and-excite. */
export interface DepthwiseUnit {
  kind: 'depthwise';
  inputSize: number;
  channels: number;
  kernel: number;
  stride: number;
  activation: Activation;
  se: boolean;
}

/** 1x1 conv + BN + optional activation, then optional residual add of the layer input. */
export interface PointwiseUnit {
  kind: 'pointwise';
  inputSize: number;
  in: number;
  out: number;
  activation: UnitActivation;
  residual: boolean;
}

/** 1x1 conv to 512 + BN + PReLU, then GDC (+ BN, linear 1x1 + BN) or GAP (+ dense + BN). */
export interface HeadUnit {
  kind: 'head';
  inputSize: number;
  in: number;
  type: HeadType;
  embedding: Embedding;
}

export type LayerUnit = ConvUnit | DepthwiseUnit | PointwiseUnit | HeadUnit;

/** Latency-table key: stable JSON of the unit (the same unit anywhere gives the same key). */
export function layerKey(unit: LayerUnit): string {
  return stableStringify({ ...unit } as JsonValue);
}

function activationParameters(activation: UnitActivation, channels: number): number {
  return activation === 'prelu' ? channels : 0;
}

/** BatchNorm: gamma, beta (trainable), moving mean and variance (not trainable). */
function batchNormParameters(channels: number): number {
  return 4 * channels;
}

/** Every weight of the unit: trainable and not (BN moving statistics), as tfjs counts them. */
export function unitParameters(unit: LayerUnit): number {
  switch (unit.kind) {
    case 'conv':
      return unit.kernel * unit.kernel * unit.in * unit.out + batchNormParameters(unit.out) + activationParameters(unit.activation, unit.out);
    case 'depthwise': {
      const c = unit.channels;
      const squeeze = squeezeChannels(c);
      const se = unit.se ? c * squeeze + squeeze + squeeze * c + c : 0;
      return unit.kernel * unit.kernel * c + batchNormParameters(c) + activationParameters(unit.activation, c) + se;
    }
    case 'pointwise':
      return unit.in * unit.out + batchNormParameters(unit.out) + activationParameters(unit.activation, unit.out);
    case 'head': {
      const expand = unit.in * HEAD_CHANNELS + batchNormParameters(HEAD_CHANNELS) + HEAD_CHANNELS;
      const pool = unit.type === 'gdc' ? unit.inputSize * unit.inputSize * HEAD_CHANNELS + batchNormParameters(HEAD_CHANNELS) : 0;
      return expand + pool + HEAD_CHANNELS * unit.embedding + batchNormParameters(unit.embedding);
    }
  }
}

/**
 * Multiply-adds the conventional way: per output element, the MACs of its kernel, for
 * convolutions, depthwise convolutions and dense/1x1 layers (SE's two FC layers
 * included). BN, activations, the residual add, pooling and SE's channel scaling are
 * element-wise and not counted.
 */
export function unitMadds(unit: LayerUnit): number {
  switch (unit.kind) {
    case 'conv': {
      const out = outputSize(unit.inputSize, unit.stride);
      return out * out * unit.out * unit.kernel * unit.kernel * unit.in;
    }
    case 'depthwise': {
      const out = outputSize(unit.inputSize, unit.stride);
      const se = unit.se ? 2 * unit.channels * squeezeChannels(unit.channels) : 0;
      return out * out * unit.channels * unit.kernel * unit.kernel + se;
    }
    case 'pointwise':
      return unit.inputSize * unit.inputSize * unit.in * unit.out;
    case 'head': {
      const area = unit.inputSize * unit.inputSize;
      const gdc = unit.type === 'gdc' ? area * HEAD_CHANNELS : 0;
      return area * unit.in * HEAD_CHANNELS + gdc + HEAD_CHANNELS * unit.embedding;
    }
  }
}

/** Limits on a key's numbers: generous for the space, small enough to refuse absurd builds. */
const MAX_SIZE = 1024;
const MAX_CHANNELS = 4096;

const UNIT_FIELDS: Record<LayerUnit['kind'], readonly string[]> = {
  conv: ['kind', 'inputSize', 'in', 'out', 'kernel', 'stride', 'activation'],
  depthwise: ['kind', 'inputSize', 'channels', 'kernel', 'stride', 'activation', 'se'],
  pointwise: ['kind', 'inputSize', 'in', 'out', 'activation', 'residual'],
  head: ['kind', 'inputSize', 'in', 'type', 'embedding'],
};

/** Parses and checks a latency-table key; errors name `key.<field>`. */
export function parseLayerKey(key: string, field = 'key'): LayerUnit {
  if (typeof key !== 'string' || key.length > 1024) throw new InvalidArgumentError(field, 'must be a layer key string of at most 1024 characters');
  let raw: unknown;
  try {
    raw = JSON.parse(key);
  } catch (err) {
    throw new InvalidArgumentError(field, `is not valid JSON (${(err as Error).message})`);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new InvalidArgumentError(field, 'must be a JSON object');
  const obj = raw as Record<string, unknown>;
  const kind = obj.kind as LayerUnit['kind'];
  if (!Object.hasOwn(UNIT_FIELDS, kind)) {
    throw new InvalidArgumentError(`${field}.kind`, `must be one of ${Object.keys(UNIT_FIELDS).join(', ')}, got ${JSON.stringify(obj.kind)}`);
  }
  for (const k of Object.keys(obj)) {
    if (!UNIT_FIELDS[kind].includes(k)) throw new InvalidArgumentError(`${field}.${k}`, `unknown field for a ${kind} unit`);
  }
  const int = (name: string, max: number): void => {
    const v = obj[name];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > max) {
      throw new InvalidArgumentError(`${field}.${name}`, `must be an integer in [1, ${max}], got ${JSON.stringify(v)}`);
    }
  };
  const oneOf = (name: string, choices: readonly unknown[]): void => {
    if (!choices.includes(obj[name])) {
      throw new InvalidArgumentError(`${field}.${name}`, `must be one of ${choices.join(', ')}, got ${JSON.stringify(obj[name])}`);
    }
  };
  int('inputSize', MAX_SIZE);
  switch (kind) {
    case 'conv':
      int('in', MAX_CHANNELS);
      int('out', MAX_CHANNELS);
      oneOf('kernel', KERNELS);
      oneOf('stride', [1, 2]);
      oneOf('activation', ACTIVATIONS);
      break;
    case 'depthwise':
      int('channels', MAX_CHANNELS);
      oneOf('kernel', KERNELS);
      oneOf('stride', [1, 2]);
      oneOf('activation', ACTIVATIONS);
      oneOf('se', [false, true]);
      break;
    case 'pointwise':
      int('in', MAX_CHANNELS);
      int('out', MAX_CHANNELS);
      oneOf('activation', UNIT_ACTIVATIONS);
      oneOf('residual', [false, true]);
      break;
    case 'head':
      int('in', MAX_CHANNELS);
      oneOf('type', HEAD_TYPES);
      oneOf('embedding', EMBEDDINGS);
      break;
  }
  return obj as unknown as LayerUnit;
}
