// Original file: protos/facenas/v1/profiler.proto

import type { Latency as _facenas_v1_Latency, Latency__Output as _facenas_v1_Latency__Output } from '../../facenas/v1/Latency.js';

export interface MeasureLatencyResponse {
  'latency'?: (_facenas_v1_Latency | null);
  'cached'?: (boolean);
  'architectureId'?: (string);
}

export interface MeasureLatencyResponse__Output {
  'latency': (_facenas_v1_Latency__Output | null);
  'cached': (boolean);
  'architectureId': (string);
}
