import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { DatasetDescription as _facenas_v1_DatasetDescription, DatasetDescription__Output as _facenas_v1_DatasetDescription__Output } from './facenas/v1/DatasetDescription.js';
import type { DatasetServiceClient as _facenas_v1_DatasetServiceClient, DatasetServiceDefinition as _facenas_v1_DatasetServiceDefinition } from './facenas/v1/DatasetService.js';
import type { DescribeDatasetRequest as _facenas_v1_DescribeDatasetRequest, DescribeDatasetRequest__Output as _facenas_v1_DescribeDatasetRequest__Output } from './facenas/v1/DescribeDatasetRequest.js';
import type { DescribeDatasetResponse as _facenas_v1_DescribeDatasetResponse, DescribeDatasetResponse__Output as _facenas_v1_DescribeDatasetResponse__Output } from './facenas/v1/DescribeDatasetResponse.js';
import type { EvalSetHeader as _facenas_v1_EvalSetHeader, EvalSetHeader__Output as _facenas_v1_EvalSetHeader__Output } from './facenas/v1/EvalSetHeader.js';
import type { GetEvalSetRequest as _facenas_v1_GetEvalSetRequest, GetEvalSetRequest__Output as _facenas_v1_GetEvalSetRequest__Output } from './facenas/v1/GetEvalSetRequest.js';
import type { GetEvalSetResponse as _facenas_v1_GetEvalSetResponse, GetEvalSetResponse__Output as _facenas_v1_GetEvalSetResponse__Output } from './facenas/v1/GetEvalSetResponse.js';
import type { ListDatasetsRequest as _facenas_v1_ListDatasetsRequest, ListDatasetsRequest__Output as _facenas_v1_ListDatasetsRequest__Output } from './facenas/v1/ListDatasetsRequest.js';
import type { ListDatasetsResponse as _facenas_v1_ListDatasetsResponse, ListDatasetsResponse__Output as _facenas_v1_ListDatasetsResponse__Output } from './facenas/v1/ListDatasetsResponse.js';
import type { SkippedFile as _facenas_v1_SkippedFile, SkippedFile__Output as _facenas_v1_SkippedFile__Output } from './facenas/v1/SkippedFile.js';
import type { StreamBatchesRequest as _facenas_v1_StreamBatchesRequest, StreamBatchesRequest__Output as _facenas_v1_StreamBatchesRequest__Output } from './facenas/v1/StreamBatchesRequest.js';
import type { StreamBatchesResponse as _facenas_v1_StreamBatchesResponse, StreamBatchesResponse__Output as _facenas_v1_StreamBatchesResponse__Output } from './facenas/v1/StreamBatchesResponse.js';
import type { VerificationPair as _facenas_v1_VerificationPair, VerificationPair__Output as _facenas_v1_VerificationPair__Output } from './facenas/v1/VerificationPair.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  facenas: {
    v1: {
      DatasetDescription: MessageTypeDefinition<_facenas_v1_DatasetDescription, _facenas_v1_DatasetDescription__Output>
      DatasetService: SubtypeConstructor<typeof grpc.Client, _facenas_v1_DatasetServiceClient> & { service: _facenas_v1_DatasetServiceDefinition }
      DescribeDatasetRequest: MessageTypeDefinition<_facenas_v1_DescribeDatasetRequest, _facenas_v1_DescribeDatasetRequest__Output>
      DescribeDatasetResponse: MessageTypeDefinition<_facenas_v1_DescribeDatasetResponse, _facenas_v1_DescribeDatasetResponse__Output>
      EvalSetHeader: MessageTypeDefinition<_facenas_v1_EvalSetHeader, _facenas_v1_EvalSetHeader__Output>
      GetEvalSetRequest: MessageTypeDefinition<_facenas_v1_GetEvalSetRequest, _facenas_v1_GetEvalSetRequest__Output>
      GetEvalSetResponse: MessageTypeDefinition<_facenas_v1_GetEvalSetResponse, _facenas_v1_GetEvalSetResponse__Output>
      ListDatasetsRequest: MessageTypeDefinition<_facenas_v1_ListDatasetsRequest, _facenas_v1_ListDatasetsRequest__Output>
      ListDatasetsResponse: MessageTypeDefinition<_facenas_v1_ListDatasetsResponse, _facenas_v1_ListDatasetsResponse__Output>
      SkippedFile: MessageTypeDefinition<_facenas_v1_SkippedFile, _facenas_v1_SkippedFile__Output>
      Split: EnumTypeDefinition
      StreamBatchesRequest: MessageTypeDefinition<_facenas_v1_StreamBatchesRequest, _facenas_v1_StreamBatchesRequest__Output>
      StreamBatchesResponse: MessageTypeDefinition<_facenas_v1_StreamBatchesResponse, _facenas_v1_StreamBatchesResponse__Output>
      VerificationPair: MessageTypeDefinition<_facenas_v1_VerificationPair, _facenas_v1_VerificationPair__Output>
    }
  }
}

