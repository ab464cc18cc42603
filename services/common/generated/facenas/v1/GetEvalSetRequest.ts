// Original file: protos/facenas/v1/dataset.proto


export interface GetEvalSetRequest {
  'uri'?: (string);
  'imageSize'?: (number);
  'maxPairs'?: (number);
  'identities'?: (number);
  'chunkImages'?: (number);
}

export interface GetEvalSetRequest__Output {
  'uri': (string);
  'imageSize': (number);
  'maxPairs': (number);
  'identities': (number);
  'chunkImages': (number);
}
