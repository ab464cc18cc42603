// Original file: protos/facenas/v1/search.proto

import type { Trial as _facenas_v1_Trial, Trial__Output as _facenas_v1_Trial__Output } from '../../facenas/v1/Trial.js';

export interface ListTrialsResponse {
  'trials'?: (_facenas_v1_Trial)[];
}

export interface ListTrialsResponse__Output {
  'trials': (_facenas_v1_Trial__Output)[];
}
