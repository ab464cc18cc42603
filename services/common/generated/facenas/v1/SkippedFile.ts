// Original file: protos/facenas/v1/dataset.proto


export interface SkippedFile {
  'path'?: (string);
  'reason'?: (string);
}

export interface SkippedFile__Output {
  'path': (string);
  'reason': (string);
}
