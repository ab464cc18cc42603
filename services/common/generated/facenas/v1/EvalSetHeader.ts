// Original file: protos/facenas/v1/dataset.proto

import type { VerificationPair as _facenas_v1_VerificationPair, VerificationPair__Output as _facenas_v1_VerificationPair__Output } from '../../facenas/v1/VerificationPair.js';

export interface EvalSetHeader {
  'imageSize'?: (number);
  'channels'?: (number);
  'images'?: (number);
  'folds'?: (number);
  'pairs'?: (_facenas_v1_VerificationPair)[];
  'probeImages'?: (number)[];
  'probeLabels'?: (number)[];
  'galleryImages'?: (number)[];
  'galleryLabels'?: (number)[];
}

export interface EvalSetHeader__Output {
  'imageSize': (number);
  'channels': (number);
  'images': (number);
  'folds': (number);
  'pairs': (_facenas_v1_VerificationPair__Output)[];
  'probeImages': (number)[];
  'probeLabels': (number)[];
  'galleryImages': (number)[];
  'galleryLabels': (number)[];
}
