// Original file: protos/facenas/v1/search.proto


export interface GetParetoFrontRequest {
  'searchId'?: (string);
}

export interface GetParetoFrontRequest__Output {
  'searchId': (string);
}
