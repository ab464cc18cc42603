// Original file: protos/facenas/v1/search.proto


export interface WatchSearchRequest {
  'searchId'?: (string);
  'noSnapshot'?: (boolean);
  'noProgress'?: (boolean);
}

export interface WatchSearchRequest__Output {
  'searchId': (string);
  'noSnapshot': (boolean);
  'noProgress': (boolean);
}
