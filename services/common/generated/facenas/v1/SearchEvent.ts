// Original file: protos/facenas/v1/search.proto

import type { SearchEventKind as _facenas_v1_SearchEventKind, SearchEventKind__Output as _facenas_v1_SearchEventKind__Output } from '../../facenas/v1/SearchEventKind.js';
import type { Search as _facenas_v1_Search, Search__Output as _facenas_v1_Search__Output } from '../../facenas/v1/Search.js';
import type { Trial as _facenas_v1_Trial, Trial__Output as _facenas_v1_Trial__Output } from '../../facenas/v1/Trial.js';
import type { TrialProgress as _facenas_v1_TrialProgress, TrialProgress__Output as _facenas_v1_TrialProgress__Output } from '../../facenas/v1/TrialProgress.js';
import type { Long } from '@grpc/proto-loader';

export interface SearchEvent {
  'searchId'?: (string);
  'seq'?: (number | string | Long);
  'timeMs'?: (number | string | Long);
  'kind'?: (_facenas_v1_SearchEventKind);
  'search'?: (_facenas_v1_Search | null);
  'trial'?: (_facenas_v1_Trial | null);
  'progress'?: (_facenas_v1_TrialProgress | null);
  'trials'?: (_facenas_v1_Trial)[];
  'message'?: (string);
}

export interface SearchEvent__Output {
  'searchId': (string);
  'seq': (number);
  'timeMs': (number);
  'kind': (_facenas_v1_SearchEventKind__Output);
  'search': (_facenas_v1_Search__Output | null);
  'trial': (_facenas_v1_Trial__Output | null);
  'progress': (_facenas_v1_TrialProgress__Output | null);
  'trials': (_facenas_v1_Trial__Output)[];
  'message': (string);
}
