// Original file: protos/facenas/v1/dataset.proto

import type { DatasetDescription as _facenas_v1_DatasetDescription, DatasetDescription__Output as _facenas_v1_DatasetDescription__Output } from '../../facenas/v1/DatasetDescription.js';

export interface ListDatasetsResponse {
  'datasets'?: (_facenas_v1_DatasetDescription)[];
}

export interface ListDatasetsResponse__Output {
  'datasets': (_facenas_v1_DatasetDescription__Output)[];
}
