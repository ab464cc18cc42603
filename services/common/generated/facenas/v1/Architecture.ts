// Original file: protos/facenas/v1/common.proto

import type { Long } from '@grpc/proto-loader';

export interface Architecture {
  'id'?: (string);
  'space'?: (string);
  'decisions'?: (number)[];
  'json'?: (string);
  'parameters'?: (number | string | Long);
  'madds'?: (number | string | Long);
}

export interface Architecture__Output {
  'id': (string);
  'space': (string);
  'decisions': (number)[];
  'json': (string);
  'parameters': (number);
  'madds': (number);
}
