// Original file: protos/facenas/v1/trial.proto

import type { Architecture as _facenas_v1_Architecture, Architecture__Output as _facenas_v1_Architecture__Output } from '../../facenas/v1/Architecture.js';
import type { TrainingBudget as _facenas_v1_TrainingBudget, TrainingBudget__Output as _facenas_v1_TrainingBudget__Output } from '../../facenas/v1/TrainingBudget.js';
import type { Objective as _facenas_v1_Objective, Objective__Output as _facenas_v1_Objective__Output } from '../../facenas/v1/Objective.js';
import type { Long } from '@grpc/proto-loader';

export interface TrialJob {
  'searchId'?: (string);
  'trialId'?: (string);
  'architecture'?: (_facenas_v1_Architecture | null);
  'dataset'?: (string);
  'budget'?: (_facenas_v1_TrainingBudget | null);
  'objective'?: (_facenas_v1_Objective);
  'seed'?: (number | string | Long);
  'artifactUri'?: (string);
  'evalEachEpoch'?: (boolean);
}

export interface TrialJob__Output {
  'searchId': (string);
  'trialId': (string);
  'architecture': (_facenas_v1_Architecture__Output | null);
  'dataset': (string);
  'budget': (_facenas_v1_TrainingBudget__Output | null);
  'objective': (_facenas_v1_Objective__Output);
  'seed': (number);
  'artifactUri': (string);
  'evalEachEpoch': (boolean);
}
