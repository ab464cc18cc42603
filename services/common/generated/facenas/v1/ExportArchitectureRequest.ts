// Original file: protos/facenas/v1/search.proto


export interface ExportArchitectureRequest {
  'searchId'?: (string);
  'trialId'?: (string);
}

export interface ExportArchitectureRequest__Output {
  'searchId': (string);
  'trialId': (string);
}
