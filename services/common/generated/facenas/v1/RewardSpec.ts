// Original file: protos/facenas/v1/search.proto

import type { RewardConstraint as _facenas_v1_RewardConstraint, RewardConstraint__Output as _facenas_v1_RewardConstraint__Output } from '../../facenas/v1/RewardConstraint.js';

export interface RewardSpec {
  'constraint'?: (_facenas_v1_RewardConstraint);
  'alpha'?: (number | string);
  'beta'?: (number | string);
  'targetLatencyMs'?: (number | string);
  'device'?: (string);
  'allowPredictedLatency'?: (boolean);
  'imageSize'?: (number);
}

export interface RewardSpec__Output {
  'constraint': (_facenas_v1_RewardConstraint__Output);
  'alpha': (number);
  'beta': (number);
  'targetLatencyMs': (number);
  'device': (string);
  'allowPredictedLatency': (boolean);
  'imageSize': (number);
}
