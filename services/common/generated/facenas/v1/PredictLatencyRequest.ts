// Original file: protos/facenas/v1/profiler.proto

import type { Architecture as _facenas_v1_Architecture, Architecture__Output as _facenas_v1_Architecture__Output } from '../../facenas/v1/Architecture.js';

export interface PredictLatencyRequest {
  'architecture'?: (_facenas_v1_Architecture | null);
  'device'?: (string);
  'imageSize'?: (number);
}

export interface PredictLatencyRequest__Output {
  'architecture': (_facenas_v1_Architecture__Output | null);
  'device': (string);
  'imageSize': (number);
}
