// Original file: protos/facenas/v1/dataset.proto


export interface VerificationPair {
  'a'?: (number);
  'b'?: (number);
  'same'?: (boolean);
  'fold'?: (number);
}

export interface VerificationPair__Output {
  'a': (number);
  'b': (number);
  'same': (boolean);
  'fold': (number);
}
