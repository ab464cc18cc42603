// Original file: protos/facenas/v1/agent.proto

import type { TaskKind as _facenas_v1_TaskKind, TaskKind__Output as _facenas_v1_TaskKind__Output } from '../../facenas/v1/TaskKind.js';
import type { Architecture as _facenas_v1_Architecture, Architecture__Output as _facenas_v1_Architecture__Output } from '../../facenas/v1/Architecture.js';

export interface MeasurementTask {
  'taskId'?: (string);
  'kind'?: (_facenas_v1_TaskKind);
  'architecture'?: (_facenas_v1_Architecture | null);
  'imageSize'?: (number);
  'warmupRuns'?: (number);
  'runs'?: (number);
  'threads'?: (number);
  'layerKeys'?: (string)[];
}

export interface MeasurementTask__Output {
  'taskId': (string);
  'kind': (_facenas_v1_TaskKind__Output);
  'architecture': (_facenas_v1_Architecture__Output | null);
  'imageSize': (number);
  'warmupRuns': (number);
  'runs': (number);
  'threads': (number);
  'layerKeys': (string)[];
}
