// Original file: protos/facenas/v1/search.proto

import type { SearchEvent as _facenas_v1_SearchEvent, SearchEvent__Output as _facenas_v1_SearchEvent__Output } from '../../facenas/v1/SearchEvent.js';

export interface WatchSearchResponse {
  'event'?: (_facenas_v1_SearchEvent | null);
}

export interface WatchSearchResponse__Output {
  'event': (_facenas_v1_SearchEvent__Output | null);
}
