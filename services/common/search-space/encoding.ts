// Architecture JSON <-> integer decision vector (order documented in space.ts).

import { type ArchitectureSpec, type BlockChoices, blockSpec } from './architecture.js';
import {
  type Embedding,
  type HeadType,
  BLOCK_COUNT,
  BLOCK_FIELD_CHOICES,
  BLOCK_FIELDS,
  HEAD_FIELD_CHOICES,
  HEAD_FIELDS,
  SPACE_NAME,
  blockDecisionIndex,
} from './space.js';
import { validateArchitecture, validateDecisions } from './validation.js';

/** The canonical decision vector of an architecture (ds blocks get expansion index 0). */
export function encode(spec: ArchitectureSpec): number[] {
  const canonical = validateArchitecture(spec);
  const decisions: number[] = [];
  for (const block of canonical.blocks) {
    for (const field of BLOCK_FIELDS) decisions.push(BLOCK_FIELD_CHOICES[field].indexOf(block[field]));
  }
  for (const field of HEAD_FIELDS) decisions.push(HEAD_FIELD_CHOICES[field].indexOf(canonical.head[field]));
  return decisions;
}

/** The canonical architecture of a decision vector (any valid vector, canonical or not). */
export function decode(decisions: readonly number[]): ArchitectureSpec {
  validateDecisions(decisions);
  const blocks = Array.from({ length: BLOCK_COUNT }, (_, b) => {
    const choices = Object.fromEntries(
      BLOCK_FIELDS.map((field) => [field, BLOCK_FIELD_CHOICES[field][decisions[blockDecisionIndex(b, field)]]]),
    ) as unknown as BlockChoices;
    return blockSpec(b, choices);
  });
  const headBase = BLOCK_COUNT * BLOCK_FIELDS.length;
  return {
    space: SPACE_NAME,
    blocks,
    head: {
      type: HEAD_FIELD_CHOICES.type[decisions[headBase]] as HeadType,
      embedding: HEAD_FIELD_CHOICES.embedding[decisions[headBase + 1]] as Embedding,
    },
  };
}

/** The same architecture's canonical vector: meaningless decisions set to index 0. */
export function canonicalDecisions(decisions: readonly number[]): number[] {
  return encode(decode(decisions));
}
