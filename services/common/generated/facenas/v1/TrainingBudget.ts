// Original file: protos/facenas/v1/common.proto

import type { Loss as _facenas_v1_Loss, Loss__Output as _facenas_v1_Loss__Output } from '../../facenas/v1/Loss.js';

export interface TrainingBudget {
  'epochs'?: (number);
  'steps'?: (number);
  'imageSize'?: (number);
  'identities'?: (number);
  'batchSize'?: (number);
  'learningRate'?: (number | string);
  'warmupEpochs'?: (number);
  'loss'?: (_facenas_v1_Loss);
  'flip'?: (boolean);
}

export interface TrainingBudget__Output {
  'epochs': (number);
  'steps': (number);
  'imageSize': (number);
  'identities': (number);
  'batchSize': (number);
  'learningRate': (number);
  'warmupEpochs': (number);
  'loss': (_facenas_v1_Loss__Output);
  'flip': (boolean);
}
