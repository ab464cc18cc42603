// Original file: protos/facenas/v1/dataset.proto

import type { DatasetDescription as _facenas_v1_DatasetDescription, DatasetDescription__Output as _facenas_v1_DatasetDescription__Output } from '../../facenas/v1/DatasetDescription.js';

export interface DescribeDatasetResponse {
  'dataset'?: (_facenas_v1_DatasetDescription | null);
}

export interface DescribeDatasetResponse__Output {
  'dataset': (_facenas_v1_DatasetDescription__Output | null);
}
