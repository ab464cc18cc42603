// Original file: protos/facenas/v1/trial.proto

import type { TrialState as _facenas_v1_TrialState, TrialState__Output as _facenas_v1_TrialState__Output } from '../../facenas/v1/TrialState.js';
import type { TrialMetrics as _facenas_v1_TrialMetrics, TrialMetrics__Output as _facenas_v1_TrialMetrics__Output } from '../../facenas/v1/TrialMetrics.js';
import type { TrialProgress as _facenas_v1_TrialProgress, TrialProgress__Output as _facenas_v1_TrialProgress__Output } from '../../facenas/v1/TrialProgress.js';
import type { Long } from '@grpc/proto-loader';

export interface TrialReport {
  'searchId'?: (string);
  'trialId'?: (string);
  'state'?: (_facenas_v1_TrialState);
  'reason'?: (string);
  'metrics'?: (_facenas_v1_TrialMetrics | null);
  'modelUri'?: (string);
  'worker'?: (string);
  'delivery'?: (number);
  'startedAtMs'?: (number | string | Long);
  'completedAtMs'?: (number | string | Long);
  'progress'?: (_facenas_v1_TrialProgress | null);
  'retrying'?: (boolean);
}

export interface TrialReport__Output {
  'searchId': (string);
  'trialId': (string);
  'state': (_facenas_v1_TrialState__Output);
  'reason': (string);
  'metrics': (_facenas_v1_TrialMetrics__Output | null);
  'modelUri': (string);
  'worker': (string);
  'delivery': (number);
  'startedAtMs': (number);
  'completedAtMs': (number);
  'progress': (_facenas_v1_TrialProgress__Output | null);
  'retrying': (boolean);
}
