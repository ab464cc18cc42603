// Bridging to the `facenas.v1.Architecture` proto message.

import { InvalidArgumentError } from '../errors/errors.js';
import type { Architecture, Architecture__Output } from '../generated/facenas/v1/Architecture.js';
import { type ArchitectureSpec, architectureId, canonicalJson } from './architecture.js';
import { countMadds, countParameters } from './cost.js';
import { decode, encode } from './encoding.js';
import { SPACE_NAME } from './space.js';
import { validateArchitecture, validateDecisions } from './validation.js';

/** The full message: id, space, canonical decisions and JSON, and costs at this image size. */
export function toArchitectureMessage(spec: ArchitectureSpec, imageSize: number): Architecture__Output {
  return {
    id: architectureId(spec),
    space: SPACE_NAME,
    decisions: encode(spec),
    json: canonicalJson(spec),
    parameters: countParameters(spec, imageSize),
    madds: countMadds(spec, imageSize),
  };
}

/**
 * The architecture a message describes, from `json` or `decisions` (json wins; when both
 * are given they must describe the same architecture). Errors name `<field>.json.…`,
 * `<field>.decisions.…`, or `<field>` itself.
 */
export function fromArchitectureMessage(msg: Architecture | Architecture__Output | null | undefined, field = 'architecture'): ArchitectureSpec {
  if (msg === null || msg === undefined || typeof msg !== 'object') {
    throw new InvalidArgumentError(field, 'is required');
  }
  if (msg.space && msg.space !== SPACE_NAME) {
    throw new InvalidArgumentError(`${field}.space`, `must be "${SPACE_NAME}" (or empty), got ${JSON.stringify(msg.space)}`);
  }
  const hasJson = typeof msg.json === 'string' && msg.json.length > 0;
  const hasDecisions = Array.isArray(msg.decisions) && msg.decisions.length > 0;
  if (!hasJson && !hasDecisions) throw new InvalidArgumentError(field, 'needs decisions or json');
  const fromJson = hasJson ? validateArchitecture(msg.json, `${field}.json`) : undefined;
  const fromDecisions = hasDecisions ? decode(validateDecisions(msg.decisions, `${field}.decisions`)) : undefined;
  const spec = (fromJson ?? fromDecisions) as ArchitectureSpec;
  const id = architectureId(spec);
  if (fromJson && fromDecisions && architectureId(fromDecisions) !== id) {
    throw new InvalidArgumentError(field, `json (id ${id}) and decisions (id ${architectureId(fromDecisions)}) describe different architectures`);
  }
  if (msg.id && msg.id !== id) {
    throw new InvalidArgumentError(`${field}.id`, `does not match the architecture (expected ${id}, got ${JSON.stringify(msg.id)})`);
  }
  return spec;
}
