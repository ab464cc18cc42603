// Original file: protos/facenas/v1/dataset.proto

import type { EvalSetHeader as _facenas_v1_EvalSetHeader, EvalSetHeader__Output as _facenas_v1_EvalSetHeader__Output } from '../../facenas/v1/EvalSetHeader.js';

export interface GetEvalSetResponse {
  'header'?: (_facenas_v1_EvalSetHeader | null);
  'offset'?: (number);
  'count'?: (number);
  'images'?: (Buffer | Uint8Array | string);
}

export interface GetEvalSetResponse__Output {
  'header': (_facenas_v1_EvalSetHeader__Output | null);
  'offset': (number);
  'count': (number);
  'images': (Buffer);
}
