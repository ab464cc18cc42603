// Original file: protos/facenas/v1/dataset.proto

import type { Split as _facenas_v1_Split, Split__Output as _facenas_v1_Split__Output } from '../../facenas/v1/Split.js';
import type { Long } from '@grpc/proto-loader';

export interface StreamBatchesRequest {
  'uri'?: (string);
  'split'?: (_facenas_v1_Split);
  'batchSize'?: (number);
  'imageSize'?: (number);
  'identities'?: (number);
  'epochs'?: (number);
  'startEpoch'?: (number);
  'seed'?: (number | string | Long);
  'flip'?: (boolean);
  'dropLast'?: (boolean);
}

export interface StreamBatchesRequest__Output {
  'uri': (string);
  'split': (_facenas_v1_Split__Output);
  'batchSize': (number);
  'imageSize': (number);
  'identities': (number);
  'epochs': (number);
  'startEpoch': (number);
  'seed': (number);
  'flip': (boolean);
  'dropLast': (boolean);
}
