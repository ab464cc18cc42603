// Original file: protos/facenas/v1/profiler.proto


export interface LayerLatency {
  'key'?: (string);
  'ms'?: (number | string);
}

export interface LayerLatency__Output {
  'key': (string);
  'ms': (number);
}
