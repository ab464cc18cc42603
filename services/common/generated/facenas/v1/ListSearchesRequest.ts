// Original file: protos/facenas/v1/search.proto

import type { SearchState as _facenas_v1_SearchState, SearchState__Output as _facenas_v1_SearchState__Output } from '../../facenas/v1/SearchState.js';

export interface ListSearchesRequest {
  'state'?: (_facenas_v1_SearchState);
}

export interface ListSearchesRequest__Output {
  'state': (_facenas_v1_SearchState__Output);
}
