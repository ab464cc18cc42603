// Original file: protos/facenas/v1/agent.proto


export interface LayerTiming {
  'key'?: (string);
  'medianMs'?: (number | string);
}

export interface LayerTiming__Output {
  'key': (string);
  'medianMs': (number);
}
