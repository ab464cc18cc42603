// Original file: protos/facenas/v1/common.proto


export interface TrialProgress {
  'searchId'?: (string);
  'trialId'?: (string);
  'epoch'?: (number);
  'epochs'?: (number);
  'step'?: (number);
  'steps'?: (number);
  'loss'?: (number | string);
  'trainAccuracy'?: (number | string);
  'imagesPerSecond'?: (number | string);
  'evalAccuracy'?: (number | string);
  'hasEvalAccuracy'?: (boolean);
}

export interface TrialProgress__Output {
  'searchId': (string);
  'trialId': (string);
  'epoch': (number);
  'epochs': (number);
  'step': (number);
  'steps': (number);
  'loss': (number);
  'trainAccuracy': (number);
  'imagesPerSecond': (number);
  'evalAccuracy': (number);
  'hasEvalAccuracy': (boolean);
}
