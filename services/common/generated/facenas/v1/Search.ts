// Original file: protos/facenas/v1/search.proto

import type { SearchSpec as _facenas_v1_SearchSpec, SearchSpec__Output as _facenas_v1_SearchSpec__Output } from '../../facenas/v1/SearchSpec.js';
import type { SearchState as _facenas_v1_SearchState, SearchState__Output as _facenas_v1_SearchState__Output } from '../../facenas/v1/SearchState.js';
import type { Long } from '@grpc/proto-loader';

export interface Search {
  'id'?: (string);
  'spec'?: (_facenas_v1_SearchSpec | null);
  'state'?: (_facenas_v1_SearchState);
  'message'?: (string);
  'trialsCreated'?: (number);
  'trialsRunning'?: (number);
  'trialsSucceeded'?: (number);
  'trialsFailed'?: (number);
  'trialsKilled'?: (number);
  'trialsEarlyStopped'?: (number);
  'bestTrialId'?: (string);
  'bestReward'?: (number | string);
  'createdAtMs'?: (number | string | Long);
  'startedAtMs'?: (number | string | Long);
  'completedAtMs'?: (number | string | Long);
}

export interface Search__Output {
  'id': (string);
  'spec': (_facenas_v1_SearchSpec__Output | null);
  'state': (_facenas_v1_SearchState__Output);
  'message': (string);
  'trialsCreated': (number);
  'trialsRunning': (number);
  'trialsSucceeded': (number);
  'trialsFailed': (number);
  'trialsKilled': (number);
  'trialsEarlyStopped': (number);
  'bestTrialId': (string);
  'bestReward': (number);
  'createdAtMs': (number);
  'startedAtMs': (number);
  'completedAtMs': (number);
}
