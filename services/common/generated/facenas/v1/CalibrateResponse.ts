// Original file: protos/facenas/v1/profiler.proto


export interface CalibrateResponse {
  'device'?: (string);
  'entries'?: (number);
  'overheadMs'?: (number | string);
  'seconds'?: (number | string);
}

export interface CalibrateResponse__Output {
  'device': (string);
  'entries': (number);
  'overheadMs': (number);
  'seconds': (number);
}
