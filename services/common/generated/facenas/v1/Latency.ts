// Original file: protos/facenas/v1/common.proto

import type { LatencySource as _facenas_v1_LatencySource, LatencySource__Output as _facenas_v1_LatencySource__Output } from '../../facenas/v1/LatencySource.js';
import type { Long } from '@grpc/proto-loader';

export interface Latency {
  'medianMs'?: (number | string);
  'p90Ms'?: (number | string);
  'meanMs'?: (number | string);
  'stdMs'?: (number | string);
  'runs'?: (number);
  'device'?: (string);
  'source'?: (_facenas_v1_LatencySource);
  'imageSize'?: (number);
  'measuredAtMs'?: (number | string | Long);
}

export interface Latency__Output {
  'medianMs': (number);
  'p90Ms': (number);
  'meanMs': (number);
  'stdMs': (number);
  'runs': (number);
  'device': (string);
  'source': (_facenas_v1_LatencySource__Output);
  'imageSize': (number);
  'measuredAtMs': (number);
}
