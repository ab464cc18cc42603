// Original file: protos/facenas/v1/search.proto


export interface StopSearchRequest {
  'searchId'?: (string);
}

export interface StopSearchRequest__Output {
  'searchId': (string);
}
