// Original file: protos/facenas/v1/search.proto

import type { Trial as _facenas_v1_Trial, Trial__Output as _facenas_v1_Trial__Output } from '../../facenas/v1/Trial.js';
import type { Architecture as _facenas_v1_Architecture, Architecture__Output as _facenas_v1_Architecture__Output } from '../../facenas/v1/Architecture.js';

export interface ExportArchitectureResponse {
  'trial'?: (_facenas_v1_Trial | null);
  'architecture'?: (_facenas_v1_Architecture | null);
  'modelUri'?: (string);
}

export interface ExportArchitectureResponse__Output {
  'trial': (_facenas_v1_Trial__Output | null);
  'architecture': (_facenas_v1_Architecture__Output | null);
  'modelUri': (string);
}
