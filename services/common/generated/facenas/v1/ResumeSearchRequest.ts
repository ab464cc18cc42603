// Original file: protos/facenas/v1/search.proto


export interface ResumeSearchRequest {
  'searchId'?: (string);
  'maxTrials'?: (number);
}

export interface ResumeSearchRequest__Output {
  'searchId': (string);
  'maxTrials': (number);
}
