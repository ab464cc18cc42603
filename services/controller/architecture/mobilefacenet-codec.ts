import { decode, encode, MOBILEFACENET, toArchitectureMessage } from '../../common/search-space/index.js';
import type { ArchitectureCodec } from '../search/ports.js';

/** Decision vectors of the mobilefacenet-v1 space to Architecture messages; the baseline is MobileFaceNet itself. */
export const mobileFaceNetCodec: ArchitectureCodec = {
  fromDecisions: (decisions, imageSize) => toArchitectureMessage(decode(decisions), imageSize),
  baselineDecisions: () => encode(MOBILEFACENET),
};
