// Original file: protos/facenas/v1/search.proto

import type { SearchSpec as _facenas_v1_SearchSpec, SearchSpec__Output as _facenas_v1_SearchSpec__Output } from '../../facenas/v1/SearchSpec.js';

export interface StartSearchRequest {
  'spec'?: (_facenas_v1_SearchSpec | null);
}

export interface StartSearchRequest__Output {
  'spec': (_facenas_v1_SearchSpec__Output | null);
}
