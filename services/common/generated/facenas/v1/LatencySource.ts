// Original file: protos/facenas/v1/common.proto

export const LatencySource = {
  LATENCY_SOURCE_UNSPECIFIED: 'LATENCY_SOURCE_UNSPECIFIED',
  LATENCY_SOURCE_MEASURED: 'LATENCY_SOURCE_MEASURED',
  LATENCY_SOURCE_CACHED: 'LATENCY_SOURCE_CACHED',
  LATENCY_SOURCE_PREDICTED: 'LATENCY_SOURCE_PREDICTED',
} as const;

export type LatencySource =
  | 'LATENCY_SOURCE_UNSPECIFIED'
  | 0
  | 'LATENCY_SOURCE_MEASURED'
  | 1
  | 'LATENCY_SOURCE_CACHED'
  | 2
  | 'LATENCY_SOURCE_PREDICTED'
  | 3

export type LatencySource__Output = typeof LatencySource[keyof typeof LatencySource]
