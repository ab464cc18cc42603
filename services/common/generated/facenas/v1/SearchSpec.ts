// Original file: protos/facenas/v1/search.proto

import type { TrainingBudget as _facenas_v1_TrainingBudget, TrainingBudget__Output as _facenas_v1_TrainingBudget__Output } from '../../facenas/v1/TrainingBudget.js';
import type { AlgorithmSpec as _facenas_v1_AlgorithmSpec, AlgorithmSpec__Output as _facenas_v1_AlgorithmSpec__Output } from '../../facenas/v1/AlgorithmSpec.js';
import type { Objective as _facenas_v1_Objective, Objective__Output as _facenas_v1_Objective__Output } from '../../facenas/v1/Objective.js';
import type { RewardSpec as _facenas_v1_RewardSpec, RewardSpec__Output as _facenas_v1_RewardSpec__Output } from '../../facenas/v1/RewardSpec.js';
import type { Long } from '@grpc/proto-loader';

export interface SearchSpec {
  'name'?: (string);
  'dataset'?: (string);
  'budget'?: (_facenas_v1_TrainingBudget | null);
  'algorithm'?: (_facenas_v1_AlgorithmSpec | null);
  'objective'?: (_facenas_v1_Objective);
  'reward'?: (_facenas_v1_RewardSpec | null);
  'maxTrials'?: (number);
  'parallelTrials'?: (number);
  'maxFailedTrials'?: (number);
  'seed'?: (number | string | Long);
  'includeBaseline'?: (boolean);
  'earlyStopping'?: (boolean);
  'space'?: (string);
}

export interface SearchSpec__Output {
  'name': (string);
  'dataset': (string);
  'budget': (_facenas_v1_TrainingBudget__Output | null);
  'algorithm': (_facenas_v1_AlgorithmSpec__Output | null);
  'objective': (_facenas_v1_Objective__Output);
  'reward': (_facenas_v1_RewardSpec__Output | null);
  'maxTrials': (number);
  'parallelTrials': (number);
  'maxFailedTrials': (number);
  'seed': (number);
  'includeBaseline': (boolean);
  'earlyStopping': (boolean);
  'space': (string);
}
