// MobileFaceNet (Chen et al. 2018) expressed in this space: 0.99 M parameters and
// 221 M MAdds at 112x112 in the paper (see cost.test.ts for how our count compares).

import { type ArchitectureSpec, type BlockChoices, blockSpec } from './architecture.js';
import { SPACE_NAME } from './space.js';

const block = (expansion: BlockChoices['expansion'], layers: BlockChoices['layers']): BlockChoices => ({
  type: 'ir',
  kernel: 3,
  expansion,
  layers,
  se: false,
  width: 1.0,
  activation: 'prelu',
});

export const MOBILEFACENET: ArchitectureSpec = {
  space: SPACE_NAME,
  blocks: [block(2, 5), block(4, 1), block(2, 6), block(4, 1), block(2, 2)].map((b, i) => blockSpec(i, b)),
  head: { type: 'gdc', embedding: 128 },
};
