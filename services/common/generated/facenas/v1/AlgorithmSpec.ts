// Original file: protos/facenas/v1/search.proto

import type { AlgorithmSetting as _facenas_v1_AlgorithmSetting, AlgorithmSetting__Output as _facenas_v1_AlgorithmSetting__Output } from '../../facenas/v1/AlgorithmSetting.js';

export interface AlgorithmSpec {
  'name'?: (string);
  'settings'?: (_facenas_v1_AlgorithmSetting)[];
}

export interface AlgorithmSpec__Output {
  'name': (string);
  'settings': (_facenas_v1_AlgorithmSetting__Output)[];
}
