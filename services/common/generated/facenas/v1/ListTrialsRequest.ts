// Original file: protos/facenas/v1/search.proto

import type { TrialState as _facenas_v1_TrialState, TrialState__Output as _facenas_v1_TrialState__Output } from '../../facenas/v1/TrialState.js';

export interface ListTrialsRequest {
  'searchId'?: (string);
  'state'?: (_facenas_v1_TrialState);
}

export interface ListTrialsRequest__Output {
  'searchId': (string);
  'state': (_facenas_v1_TrialState__Output);
}
