// Original file: protos/facenas/v1/agent.proto

import type { Latency as _facenas_v1_Latency, Latency__Output as _facenas_v1_Latency__Output } from '../../facenas/v1/Latency.js';
import type { LayerTiming as _facenas_v1_LayerTiming, LayerTiming__Output as _facenas_v1_LayerTiming__Output } from '../../facenas/v1/LayerTiming.js';

export interface MeasurementResult {
  'taskId'?: (string);
  'latency'?: (_facenas_v1_Latency | null);
  'error'?: (string);
  'layers'?: (_facenas_v1_LayerTiming)[];
  'overheadMs'?: (number | string);
}

export interface MeasurementResult__Output {
  'taskId': (string);
  'latency': (_facenas_v1_Latency__Output | null);
  'error': (string);
  'layers': (_facenas_v1_LayerTiming__Output)[];
  'overheadMs': (number);
}
