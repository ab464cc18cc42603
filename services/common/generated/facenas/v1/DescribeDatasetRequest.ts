// Original file: protos/facenas/v1/dataset.proto


export interface DescribeDatasetRequest {
  'uri'?: (string);
}

export interface DescribeDatasetRequest__Output {
  'uri': (string);
}
