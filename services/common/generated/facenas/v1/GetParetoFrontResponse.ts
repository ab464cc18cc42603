// Original file: protos/facenas/v1/search.proto

import type { Trial as _facenas_v1_Trial, Trial__Output as _facenas_v1_Trial__Output } from '../../facenas/v1/Trial.js';

export interface GetParetoFrontResponse {
  'trials'?: (_facenas_v1_Trial)[];
}

export interface GetParetoFrontResponse__Output {
  'trials': (_facenas_v1_Trial__Output)[];
}
