// Original file: protos/facenas/v1/dataset.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { DescribeDatasetRequest as _facenas_v1_DescribeDatasetRequest, DescribeDatasetRequest__Output as _facenas_v1_DescribeDatasetRequest__Output } from '../../facenas/v1/DescribeDatasetRequest.js';
import type { DescribeDatasetResponse as _facenas_v1_DescribeDatasetResponse, DescribeDatasetResponse__Output as _facenas_v1_DescribeDatasetResponse__Output } from '../../facenas/v1/DescribeDatasetResponse.js';
import type { GetEvalSetRequest as _facenas_v1_GetEvalSetRequest, GetEvalSetRequest__Output as _facenas_v1_GetEvalSetRequest__Output } from '../../facenas/v1/GetEvalSetRequest.js';
import type { GetEvalSetResponse as _facenas_v1_GetEvalSetResponse, GetEvalSetResponse__Output as _facenas_v1_GetEvalSetResponse__Output } from '../../facenas/v1/GetEvalSetResponse.js';
import type { ListDatasetsRequest as _facenas_v1_ListDatasetsRequest, ListDatasetsRequest__Output as _facenas_v1_ListDatasetsRequest__Output } from '../../facenas/v1/ListDatasetsRequest.js';
import type { ListDatasetsResponse as _facenas_v1_ListDatasetsResponse, ListDatasetsResponse__Output as _facenas_v1_ListDatasetsResponse__Output } from '../../facenas/v1/ListDatasetsResponse.js';
import type { StreamBatchesRequest as _facenas_v1_StreamBatchesRequest, StreamBatchesRequest__Output as _facenas_v1_StreamBatchesRequest__Output } from '../../facenas/v1/StreamBatchesRequest.js';
import type { StreamBatchesResponse as _facenas_v1_StreamBatchesResponse, StreamBatchesResponse__Output as _facenas_v1_StreamBatchesResponse__Output } from '../../facenas/v1/StreamBatchesResponse.js';

export interface DatasetServiceClient extends grpc.Client {
  DescribeDataset(argument: _facenas_v1_DescribeDatasetRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_facenas_v1_DescribeDatasetResponse__Output>): grpc.ClientUnaryCall;
  DescribeDataset(argument: _facenas_v1_DescribeDatasetRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_facenas_v1_DescribeDatasetResponse__Output>): grpc.ClientUnaryCall;
  DescribeDataset(argument: _facenas_v1_DescribeDatasetRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_facenas_v1_DescribeDatasetResponse__Output>): grpc.ClientUnaryCall;
  DescribeDataset(argument: _facenas_v1_DescribeDatasetRequest, callback: grpc.requestCallback<_facenas_v1_DescribeDatasetResponse__Output>): grpc.ClientUnaryCall;
  describeDataset(argument: _facenas_v1_DescribeDatasetRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_facenas_v1_DescribeDatasetResponse__Output>): grpc.ClientUnaryCall;
  describeDataset(argument: _facenas_v1_DescribeDatasetRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_facenas_v1_DescribeDatasetResponse__Output>): grpc.ClientUnaryCall;
  describeDataset(argument: _facenas_v1_DescribeDatasetRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_facenas_v1_DescribeDatasetResponse__Output>): grpc.ClientUnaryCall;
  describeDataset(argument: _facenas_v1_DescribeDatasetRequest, callback: grpc.requestCallback<_facenas_v1_DescribeDatasetResponse__Output>): grpc.ClientUnaryCall;
  
  GetEvalSet(argument: _facenas_v1_GetEvalSetRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_facenas_v1_GetEvalSetResponse__Output>;
  GetEvalSet(argument: _facenas_v1_GetEvalSetRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_facenas_v1_GetEvalSetResponse__Output>;
  getEvalSet(argument: _facenas_v1_GetEvalSetRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_facenas_v1_GetEvalSetResponse__Output>;
  getEvalSet(argument: _facenas_v1_GetEvalSetRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_facenas_v1_GetEvalSetResponse__Output>;
  
  ListDatasets(argument: _facenas_v1_ListDatasetsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_facenas_v1_ListDatasetsResponse__Output>): grpc.ClientUnaryCall;
  ListDatasets(argument: _facenas_v1_ListDatasetsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_facenas_v1_ListDatasetsResponse__Output>): grpc.ClientUnaryCall;
  ListDatasets(argument: _facenas_v1_ListDatasetsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_facenas_v1_ListDatasetsResponse__Output>): grpc.ClientUnaryCall;
  ListDatasets(argument: _facenas_v1_ListDatasetsRequest, callback: grpc.requestCallback<_facenas_v1_ListDatasetsResponse__Output>): grpc.ClientUnaryCall;
  listDatasets(argument: _facenas_v1_ListDatasetsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_facenas_v1_ListDatasetsResponse__Output>): grpc.ClientUnaryCall;
  listDatasets(argument: _facenas_v1_ListDatasetsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_facenas_v1_ListDatasetsResponse__Output>): grpc.ClientUnaryCall;
  listDatasets(argument: _facenas_v1_ListDatasetsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_facenas_v1_ListDatasetsResponse__Output>): grpc.ClientUnaryCall;
  listDatasets(argument: _facenas_v1_ListDatasetsRequest, callback: grpc.requestCallback<_facenas_v1_ListDatasetsResponse__Output>): grpc.ClientUnaryCall;
  
  StreamBatches(argument: _facenas_v1_StreamBatchesRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_facenas_v1_StreamBatchesResponse__Output>;
  StreamBatches(argument: _facenas_v1_StreamBatchesRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_facenas_v1_StreamBatchesResponse__Output>;
  streamBatches(argument: _facenas_v1_StreamBatchesRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_facenas_v1_StreamBatchesResponse__Output>;
  streamBatches(argument: _facenas_v1_StreamBatchesRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_facenas_v1_StreamBatchesResponse__Output>;
  
}

export interface DatasetServiceHandlers extends grpc.UntypedServiceImplementation {
  DescribeDataset: grpc.handleUnaryCall<_facenas_v1_DescribeDatasetRequest__Output, _facenas_v1_DescribeDatasetResponse>;
  
  GetEvalSet: grpc.handleServerStreamingCall<_facenas_v1_GetEvalSetRequest__Output, _facenas_v1_GetEvalSetResponse>;
  
  ListDatasets: grpc.handleUnaryCall<_facenas_v1_ListDatasetsRequest__Output, _facenas_v1_ListDatasetsResponse>;
  
  StreamBatches: grpc.handleServerStreamingCall<_facenas_v1_StreamBatchesRequest__Output, _facenas_v1_StreamBatchesResponse>;
  
}

export interface DatasetServiceDefinition extends grpc.ServiceDefinition {
  DescribeDataset: MethodDefinition<_facenas_v1_DescribeDatasetRequest, _facenas_v1_DescribeDatasetResponse, _facenas_v1_DescribeDatasetRequest__Output, _facenas_v1_DescribeDatasetResponse__Output>
  GetEvalSet: MethodDefinition<_facenas_v1_GetEvalSetRequest, _facenas_v1_GetEvalSetResponse, _facenas_v1_GetEvalSetRequest__Output, _facenas_v1_GetEvalSetResponse__Output>
  ListDatasets: MethodDefinition<_facenas_v1_ListDatasetsRequest, _facenas_v1_ListDatasetsResponse, _facenas_v1_ListDatasetsRequest__Output, _facenas_v1_ListDatasetsResponse__Output>
  StreamBatches: MethodDefinition<_facenas_v1_StreamBatchesRequest, _facenas_v1_StreamBatchesResponse, _facenas_v1_StreamBatchesRequest__Output, _facenas_v1_StreamBatchesResponse__Output>
}
