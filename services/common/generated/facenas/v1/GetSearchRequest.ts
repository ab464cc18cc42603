// Original file: protos/facenas/v1/search.proto


export interface GetSearchRequest {
  'searchId'?: (string);
}

export interface GetSearchRequest__Output {
  'searchId': (string);
}
