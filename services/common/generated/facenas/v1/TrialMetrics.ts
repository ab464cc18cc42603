// Original file: protos/facenas/v1/common.proto

import type { Long } from '@grpc/proto-loader';

export interface TrialMetrics {
  'verificationAccuracy'?: (number | string);
  'verificationStd'?: (number | string);
  'top1'?: (number | string);
  'tarAtFar'?: (number | string);
  'far'?: (number | string);
  'threshold'?: (number | string);
  'finalLoss'?: (number | string);
  'trainingSeconds'?: (number | string);
  'imagesPerSecond'?: (number | string);
  'parameters'?: (number | string | Long);
  'madds'?: (number | string | Long);
  'epochsCompleted'?: (number);
  'trainAccuracy'?: (number | string);
  'pixelBaselineAccuracy'?: (number | string);
}

export interface TrialMetrics__Output {
  'verificationAccuracy': (number);
  'verificationStd': (number);
  'top1': (number);
  'tarAtFar': (number);
  'far': (number);
  'threshold': (number);
  'finalLoss': (number);
  'trainingSeconds': (number);
  'imagesPerSecond': (number);
  'parameters': (number);
  'madds': (number);
  'epochsCompleted': (number);
  'trainAccuracy': (number);
  'pixelBaselineAccuracy': (number);
}
