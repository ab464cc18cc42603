// Original file: protos/facenas/v1/profiler.proto

import type { Latency as _facenas_v1_Latency, Latency__Output as _facenas_v1_Latency__Output } from '../../facenas/v1/Latency.js';
import type { LayerLatency as _facenas_v1_LayerLatency, LayerLatency__Output as _facenas_v1_LayerLatency__Output } from '../../facenas/v1/LayerLatency.js';

export interface PredictLatencyResponse {
  'latency'?: (_facenas_v1_Latency | null);
  'layers'?: (_facenas_v1_LayerLatency)[];
  'overheadMs'?: (number | string);
  'architectureId'?: (string);
}

export interface PredictLatencyResponse__Output {
  'latency': (_facenas_v1_Latency__Output | null);
  'layers': (_facenas_v1_LayerLatency__Output)[];
  'overheadMs': (number);
  'architectureId': (string);
}
