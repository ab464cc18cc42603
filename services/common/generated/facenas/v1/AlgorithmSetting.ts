// Original file: protos/facenas/v1/search.proto


export interface AlgorithmSetting {
  'name'?: (string);
  'value'?: (string);
}

export interface AlgorithmSetting__Output {
  'name': (string);
  'value': (string);
}
