// Original file: protos/facenas/v1/dataset.proto

import type { SkippedFile as _facenas_v1_SkippedFile, SkippedFile__Output as _facenas_v1_SkippedFile__Output } from '../../facenas/v1/SkippedFile.js';

export interface DatasetDescription {
  'uri'?: (string);
  'format'?: (string);
  'identities'?: (number);
  'images'?: (number);
  'pairs'?: (number);
  'folds'?: (number);
  'imageSize'?: (number);
  'channels'?: (number);
  'skipped'?: (_facenas_v1_SkippedFile)[];
  'skippedCount'?: (number);
  'trainIdentities'?: (number);
  'trainImages'?: (number);
  'evalIdentities'?: (number);
  'probes'?: (number);
  'gallery'?: (number);
}

export interface DatasetDescription__Output {
  'uri': (string);
  'format': (string);
  'identities': (number);
  'images': (number);
  'pairs': (number);
  'folds': (number);
  'imageSize': (number);
  'channels': (number);
  'skipped': (_facenas_v1_SkippedFile__Output)[];
  'skippedCount': (number);
  'trainIdentities': (number);
  'trainImages': (number);
  'evalIdentities': (number);
  'probes': (number);
  'gallery': (number);
}
