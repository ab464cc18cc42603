// Original file: protos/facenas/v1/search.proto

import type { Architecture as _facenas_v1_Architecture, Architecture__Output as _facenas_v1_Architecture__Output } from '../../facenas/v1/Architecture.js';
import type { TrialState as _facenas_v1_TrialState, TrialState__Output as _facenas_v1_TrialState__Output } from '../../facenas/v1/TrialState.js';
import type { TrialMetrics as _facenas_v1_TrialMetrics, TrialMetrics__Output as _facenas_v1_TrialMetrics__Output } from '../../facenas/v1/TrialMetrics.js';
import type { Latency as _facenas_v1_Latency, Latency__Output as _facenas_v1_Latency__Output } from '../../facenas/v1/Latency.js';
import type { TrialProgress as _facenas_v1_TrialProgress, TrialProgress__Output as _facenas_v1_TrialProgress__Output } from '../../facenas/v1/TrialProgress.js';
import type { Long } from '@grpc/proto-loader';

export interface Trial {
  'id'?: (string);
  'searchId'?: (string);
  'index'?: (number);
  'architecture'?: (_facenas_v1_Architecture | null);
  'logProbs'?: (number | string)[];
  'state'?: (_facenas_v1_TrialState);
  'reason'?: (string);
  'attempts'?: (number);
  'worker'?: (string);
  'createdAtMs'?: (number | string | Long);
  'startedAtMs'?: (number | string | Long);
  'completedAtMs'?: (number | string | Long);
  'metrics'?: (_facenas_v1_TrialMetrics | null);
  'latency'?: (_facenas_v1_Latency | null);
  'reward'?: (number | string);
  'hasReward'?: (boolean);
  'reusedFrom'?: (string);
  'modelUri'?: (string);
  'baseline'?: (boolean);
  'progress'?: (_facenas_v1_TrialProgress | null);
  'accuracy'?: (number | string);
}

export interface Trial__Output {
  'id': (string);
  'searchId': (string);
  'index': (number);
  'architecture': (_facenas_v1_Architecture__Output | null);
  'logProbs': (number)[];
  'state': (_facenas_v1_TrialState__Output);
  'reason': (string);
  'attempts': (number);
  'worker': (string);
  'createdAtMs': (number);
  'startedAtMs': (number);
  'completedAtMs': (number);
  'metrics': (_facenas_v1_TrialMetrics__Output | null);
  'latency': (_facenas_v1_Latency__Output | null);
  'reward': (number);
  'hasReward': (boolean);
  'reusedFrom': (string);
  'modelUri': (string);
  'baseline': (boolean);
  'progress': (_facenas_v1_TrialProgress__Output | null);
  'accuracy': (number);
}
