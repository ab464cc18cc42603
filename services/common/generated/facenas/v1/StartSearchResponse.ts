// Original file: protos/facenas/v1/search.proto

import type { Search as _facenas_v1_Search, Search__Output as _facenas_v1_Search__Output } from '../../facenas/v1/Search.js';

export interface StartSearchResponse {
  'searchId'?: (string);
  'search'?: (_facenas_v1_Search | null);
}

export interface StartSearchResponse__Output {
  'searchId': (string);
  'search': (_facenas_v1_Search__Output | null);
}
