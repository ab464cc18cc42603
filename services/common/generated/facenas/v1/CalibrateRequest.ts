// Original file: protos/facenas/v1/profiler.proto


export interface CalibrateRequest {
  'device'?: (string);
  'imageSize'?: (number);
  'runs'?: (number);
}

export interface CalibrateRequest__Output {
  'device': (string);
  'imageSize': (number);
  'runs': (number);
}
