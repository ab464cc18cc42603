// Original file: protos/facenas/v1/search.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { ExportArchitectureRequest as _facenas_v1_ExportArchitectureRequest, ExportArchitectureRequest__Output as _facenas_v1_ExportArchitectureRequest__Output } from '../../facenas/v1/ExportArchitectureRequest.js';
import type { ExportArchitectureResponse as _facenas_v1_ExportArchitectureResponse, ExportArchitectureResponse__Output as _facenas_v1_ExportArchitectureResponse__Output } from '../../facenas/v1/ExportArchitectureResponse.js';
import type { GetParetoFrontRequest as _facenas_v1_GetParetoFrontRequest, GetParetoFrontRequest__Output as _facenas_v1_GetParetoFrontRequest__Output } from '../../facenas/v1/GetParetoFrontRequest.js';
import type { GetParetoFrontResponse as _facenas_v1_GetParetoFrontResponse, GetParetoFrontResponse__Output as _facenas_v1_GetParetoFrontResponse__Output } from '../../facenas/v1/GetParetoFrontResponse.js';
import type { GetSearchRequest as _facenas_v1_GetSearchRequest, GetSearchRequest__Output as _facenas_v1_GetSearchRequest__Output } from '../../facenas/v1/GetSearchRequest.js';
import type { GetSearchResponse as _facenas_v1_GetSearchResponse, GetSearchResponse__Output as _facenas_v1_GetSearchResponse__Output } from '../../facenas/v1/GetSearchResponse.js';
import type { ListSearchesRequest as _facenas_v1_ListSearchesRequest, ListSearchesRequest__Output as _facenas_v1_ListSearchesRequest__Output } from '../../facenas/v1/ListSearchesRequest.js';
import type { ListSearchesResponse as _facenas_v1_ListSearchesResponse, ListSearchesResponse__Output as _facenas_v1_ListSearchesResponse__Output } from '../../facenas/v1/ListSearchesResponse.js';
import type { ListTrialsRequest as _facenas_v1_ListTrialsRequest, ListTrialsRequest__Output as _facenas_v1_ListTrialsRequest__Output } from '../../facenas/v1/ListTrialsRequest.js';
import type { ListTrialsResponse as _facenas_v1_ListTrialsResponse, ListTrialsResponse__Output as _facenas_v1_ListTrialsResponse__Output } from '../../facenas/v1/ListTrialsResponse.js';
import type { ResumeSearchRequest as _facenas_v1_ResumeSearchRequest, ResumeSearchRequest__Output as _facenas_v1_ResumeSearchRequest__Output } from '../../facenas/v1/ResumeSearchRequest.js';
import type { ResumeSearchResponse as _facenas_v1_ResumeSearchResponse, ResumeSearchResponse__Output as _facenas_v1_ResumeSearchResponse__Output } from '../../facenas/v1/ResumeSearchResponse.js';
import type { StartSearchRequest as _facenas_v1_StartSearchRequest, StartSearchRequest__Output as _facenas_v1_StartSearchRequest__Output } from '../../facenas/v1/StartSearchRequest.js';
import type { StartSearchResponse as _facenas_v1_StartSearchResponse, StartSearchResponse__Output as _facenas_v1_StartSearchResponse__Output } from '../../facenas/v1/StartSearchResponse.js';
import type { StopSearchRequest as _facenas_v1_StopSearchRequest, StopSearchRequest__Output as _facenas_v1_StopSearchRequest__Output } from '../../facenas/v1/StopSearchRequest.js';
import type { StopSearchResponse as _facenas_v1_StopSearchResponse, StopSearchResponse__Output as _facenas_v1_StopSearchResponse__Output } from '../../facenas/v1/StopSearchResponse.js';
import type { WatchSearchRequest as _facenas_v1_WatchSearchRequest, WatchSearchRequest__Output as _facenas_v1_WatchSearchRequest__Output } from '../../facenas/v1/WatchSearchRequest.js';
import type { WatchSearchResponse as _facenas_v1_WatchSearchResponse, WatchSearchResponse__Output as _facenas_v1_WatchSearchResponse__Output } from '../../facenas/v1/WatchSearchResponse.js';

export interface SearchServiceClient extends grpc.Client {
  ExportArchitecture(argument: _facenas_v1_ExportArchitectureRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_facenas_v1_ExportArchitectureResponse__Output>): grpc.ClientUnaryCall;
  ExportArchitecture(argument: _facenas_v1_ExportArchitectureRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_facenas_v1_ExportArchitectureResponse__Output>): grpc.ClientUnaryCall;
  ExportArchitecture(argument: _facenas_v1_ExportArchitectureRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_facenas_v1_ExportArchitectureResponse__Output>): grpc.ClientUnaryCall;
  ExportArchitecture(argument: _facenas_v1_ExportArchitectureRequest, callback: grpc.requestCallback<_facenas_v1_ExportArchitectureResponse__Output>): grpc.ClientUnaryCall;
  exportArchitecture(argument: _facenas_v1_ExportArchitectureRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_facenas_v1_ExportArchitectureResponse__Output>): grpc.ClientUnaryCall;
  exportArchitecture(argument: _facenas_v1_ExportArchitectureRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_facenas_v1_ExportArchitectureResponse__Output>): grpc.ClientUnaryCall;
  exportArchitecture(argument: _facenas_v1_ExportArchitectureRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_facenas_v1_ExportArchitectureResponse__Output>): grpc.ClientUnaryCall;
  exportArchitecture(argument: _facenas_v1_ExportArchitectureRequest, callback: grpc.requestCallback<_facenas_v1_ExportArchitectureResponse__Output>): grpc.ClientUnaryCall;
  
  GetParetoFront(argument: _facenas_v1_GetParetoFrontRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_facenas_v1_GetParetoFrontResponse__Output>): grpc.ClientUnaryCall;
  GetParetoFront(argument: _facenas_v1_GetParetoFrontRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_facenas_v1_GetParetoFrontResponse__Output>): grpc.ClientUnaryCall;
  GetParetoFront(argument: _facenas_v1_GetParetoFrontRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_facenas_v1_GetParetoFrontResponse__Output>): grpc.ClientUnaryCall;
  GetParetoFront(argument: _facenas_v1_GetParetoFrontRequest, callback: grpc.requestCallback<_facenas_v1_GetParetoFrontResponse__Output>): grpc.ClientUnaryCall;
  getParetoFront(argument: _facenas_v1_GetParetoFrontRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_facenas_v1_GetParetoFrontResponse__Output>): grpc.ClientUnaryCall;
  getParetoFront(argument: _facenas_v1_GetParetoFrontRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_facenas_v1_GetParetoFrontResponse__Output>): grpc.ClientUnaryCall;
  getParetoFront(argument: _facenas_v1_GetParetoFrontRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_facenas_v1_GetParetoFrontResponse__Output>): grpc.ClientUnaryCall;
  getParetoFront(argument: _facenas_v1_GetParetoFrontRequest, callback: grpc.requestCallback<_facenas_v1_GetParetoFrontResponse__Output>): grpc.ClientUnaryCall;
  
  GetSearch(argument: _facenas_v1_GetSearchRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_facenas_v1_GetSearchResponse__Output>): grpc.ClientUnaryCall;
  GetSearch(argument: _facenas_v1_GetSearchRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_facenas_v1_GetSearchResponse__Output>): grpc.ClientUnaryCall;
  GetSearch(argument: _facenas_v1_GetSearchRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_facenas_v1_GetSearchResponse__Output>): grpc.ClientUnaryCall;
  GetSearch(argument: _facenas_v1_GetSearchRequest, callback: grpc.requestCallback<_facenas_v1_GetSearchResponse__Output>): grpc.ClientUnaryCall;
  getSearch(argument: _facenas_v1_GetSearchRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_facenas_v1_GetSearchResponse__Output>): grpc.ClientUnaryCall;
  getSearch(argument: _facenas_v1_GetSearchRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_facenas_v1_GetSearchResponse__Output>): grpc.ClientUnaryCall;
  getSearch(argument: _facenas_v1_GetSearchRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_facenas_v1_GetSearchResponse__Output>): grpc.ClientUnaryCall;
  getSearch(argument: _facenas_v1_GetSearchRequest, callback: grpc.requestCallback<_facenas_v1_GetSearchResponse__Output>): grpc.ClientUnaryCall;
  
  ListSearches(argument: _facenas_v1_ListSearchesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_facenas_v1_ListSearchesResponse__Output>): grpc.ClientUnaryCall;
  ListSearches(argument: _facenas_v1_ListSearchesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_facenas_v1_ListSearchesResponse__Output>): grpc.ClientUnaryCall;
  ListSearches(argument: _facenas_v1_ListSearchesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_facenas_v1_ListSearchesResponse__Output>): grpc.ClientUnaryCall;
  ListSearches(argument: _facenas_v1_ListSearchesRequest, callback: grpc.requestCallback<_facenas_v1_ListSearchesResponse__Output>): grpc.ClientUnaryCall;
  listSearches(argument: _facenas_v1_ListSearchesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_facenas_v1_ListSearchesResponse__Output>): grpc.ClientUnaryCall;
  listSearches(argument: _facenas_v1_ListSearchesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_facenas_v1_ListSearchesResponse__Output>): grpc.ClientUnaryCall;
  listSearches(argument: _facenas_v1_ListSearchesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_facenas_v1_ListSearchesResponse__Output>): grpc.ClientUnaryCall;
  listSearches(argument: _facenas_v1_ListSearchesRequest, callback: grpc.requestCallback<_facenas_v1_ListSearchesResponse__Output>): grpc.ClientUnaryCall;
  
  ListTrials(argument: _facenas_v1_ListTrialsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_facenas_v1_ListTrialsResponse__Output>): grpc.ClientUnaryCall;
  ListTrials(argument: _facenas_v1_ListTrialsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_facenas_v1_ListTrialsResponse__Output>): grpc.ClientUnaryCall;
  ListTrials(argument: _facenas_v1_ListTrialsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_facenas_v1_ListTrialsResponse__Output>): grpc.ClientUnaryCall;
  ListTrials(argument: _facenas_v1_ListTrialsRequest, callback: grpc.requestCallback<_facenas_v1_ListTrialsResponse__Output>): grpc.ClientUnaryCall;
  listTrials(argument: _facenas_v1_ListTrialsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_facenas_v1_ListTrialsResponse__Output>): grpc.ClientUnaryCall;
  listTrials(argument: _facenas_v1_ListTrialsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_facenas_v1_ListTrialsResponse__Output>): grpc.ClientUnaryCall;
  listTrials(argument: _facenas_v1_ListTrialsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_facenas_v1_ListTrialsResponse__Output>): grpc.ClientUnaryCall;
  listTrials(argument: _facenas_v1_ListTrialsRequest, callback: grpc.requestCallback<_facenas_v1_ListTrialsResponse__Output>): grpc.ClientUnaryCall;
  
  ResumeSearch(argument: _facenas_v1_ResumeSearchRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_facenas_v1_ResumeSearchResponse__Output>): grpc.ClientUnaryCall;
  ResumeSearch(argument: _facenas_v1_ResumeSearchRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_facenas_v1_ResumeSearchResponse__Output>): grpc.ClientUnaryCall;
  ResumeSearch(argument: _facenas_v1_ResumeSearchRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_facenas_v1_ResumeSearchResponse__Output>): grpc.ClientUnaryCall;
  ResumeSearch(argument: _facenas_v1_ResumeSearchRequest, callback: grpc.requestCallback<_facenas_v1_ResumeSearchResponse__Output>): grpc.ClientUnaryCall;
  resumeSearch(argument: _facenas_v1_ResumeSearchRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_facenas_v1_ResumeSearchResponse__Output>): grpc.ClientUnaryCall;
  resumeSearch(argument: _facenas_v1_ResumeSearchRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_facenas_v1_ResumeSearchResponse__Output>): grpc.ClientUnaryCall;
  resumeSearch(argument: _facenas_v1_ResumeSearchRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_facenas_v1_ResumeSearchResponse__Output>): grpc.ClientUnaryCall;
  resumeSearch(argument: _facenas_v1_ResumeSearchRequest, callback: grpc.requestCallback<_facenas_v1_ResumeSearchResponse__Output>): grpc.ClientUnaryCall;
  
  StartSearch(argument: _facenas_v1_StartSearchRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_facenas_v1_StartSearchResponse__Output>): grpc.ClientUnaryCall;
  StartSearch(argument: _facenas_v1_StartSearchRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_facenas_v1_StartSearchResponse__Output>): grpc.ClientUnaryCall;
  StartSearch(argument: _facenas_v1_StartSearchRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_facenas_v1_StartSearchResponse__Output>): grpc.ClientUnaryCall;
  StartSearch(argument: _facenas_v1_StartSearchRequest, callback: grpc.requestCallback<_facenas_v1_StartSearchResponse__Output>): grpc.ClientUnaryCall;
  startSearch(argument: _facenas_v1_StartSearchRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_facenas_v1_StartSearchResponse__Output>): grpc.ClientUnaryCall;
  startSearch(argument: _facenas_v1_StartSearchRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_facenas_v1_StartSearchResponse__Output>): grpc.ClientUnaryCall;
  startSearch(argument: _facenas_v1_StartSearchRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_facenas_v1_StartSearchResponse__Output>): grpc.ClientUnaryCall;
  startSearch(argument: _facenas_v1_StartSearchRequest, callback: grpc.requestCallback<_facenas_v1_StartSearchResponse__Output>): grpc.ClientUnaryCall;
  
  StopSearch(argument: _facenas_v1_StopSearchRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_facenas_v1_StopSearchResponse__Output>): grpc.ClientUnaryCall;
  StopSearch(argument: _facenas_v1_StopSearchRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_facenas_v1_StopSearchResponse__Output>): grpc.ClientUnaryCall;
  StopSearch(argument: _facenas_v1_StopSearchRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_facenas_v1_StopSearchResponse__Output>): grpc.ClientUnaryCall;
  StopSearch(argument: _facenas_v1_StopSearchRequest, callback: grpc.requestCallback<_facenas_v1_StopSearchResponse__Output>): grpc.ClientUnaryCall;
  stopSearch(argument: _facenas_v1_StopSearchRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_facenas_v1_StopSearchResponse__Output>): grpc.ClientUnaryCall;
  stopSearch(argument: _facenas_v1_StopSearchRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_facenas_v1_StopSearchResponse__Output>): grpc.ClientUnaryCall;
  stopSearch(argument: _facenas_v1_StopSearchRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_facenas_v1_StopSearchResponse__Output>): grpc.ClientUnaryCall;
  stopSearch(argument: _facenas_v1_StopSearchRequest, callback: grpc.requestCallback<_facenas_v1_StopSearchResponse__Output>): grpc.ClientUnaryCall;
  
  WatchSearch(argument: _facenas_v1_WatchSearchRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_facenas_v1_WatchSearchResponse__Output>;
  WatchSearch(argument: _facenas_v1_WatchSearchRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_facenas_v1_WatchSearchResponse__Output>;
  watchSearch(argument: _facenas_v1_WatchSearchRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_facenas_v1_WatchSearchResponse__Output>;
  watchSearch(argument: _facenas_v1_WatchSearchRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_facenas_v1_WatchSearchResponse__Output>;
  
}

export interface SearchServiceHandlers extends grpc.UntypedServiceImplementation {
  ExportArchitecture: grpc.handleUnaryCall<_facenas_v1_ExportArchitectureRequest__Output, _facenas_v1_ExportArchitectureResponse>;
  
  GetParetoFront: grpc.handleUnaryCall<_facenas_v1_GetParetoFrontRequest__Output, _facenas_v1_GetParetoFrontResponse>;
  
  GetSearch: grpc.handleUnaryCall<_facenas_v1_GetSearchRequest__Output, _facenas_v1_GetSearchResponse>;
  
  ListSearches: grpc.handleUnaryCall<_facenas_v1_ListSearchesRequest__Output, _facenas_v1_ListSearchesResponse>;
  
  ListTrials: grpc.handleUnaryCall<_facenas_v1_ListTrialsRequest__Output, _facenas_v1_ListTrialsResponse>;
  
  ResumeSearch: grpc.handleUnaryCall<_facenas_v1_ResumeSearchRequest__Output, _facenas_v1_ResumeSearchResponse>;
  
  StartSearch: grpc.handleUnaryCall<_facenas_v1_StartSearchRequest__Output, _facenas_v1_StartSearchResponse>;
  
  StopSearch: grpc.handleUnaryCall<_facenas_v1_StopSearchRequest__Output, _facenas_v1_StopSearchResponse>;
  
  WatchSearch: grpc.handleServerStreamingCall<_facenas_v1_WatchSearchRequest__Output, _facenas_v1_WatchSearchResponse>;
  
}

export interface SearchServiceDefinition extends grpc.ServiceDefinition {
  ExportArchitecture: MethodDefinition<_facenas_v1_ExportArchitectureRequest, _facenas_v1_ExportArchitectureResponse, _facenas_v1_ExportArchitectureRequest__Output, _facenas_v1_ExportArchitectureResponse__Output>
  GetParetoFront: MethodDefinition<_facenas_v1_GetParetoFrontRequest, _facenas_v1_GetParetoFrontResponse, _facenas_v1_GetParetoFrontRequest__Output, _facenas_v1_GetParetoFrontResponse__Output>
  GetSearch: MethodDefinition<_facenas_v1_GetSearchRequest, _facenas_v1_GetSearchResponse, _facenas_v1_GetSearchRequest__Output, _facenas_v1_GetSearchResponse__Output>
  ListSearches: MethodDefinition<_facenas_v1_ListSearchesRequest, _facenas_v1_ListSearchesResponse, _facenas_v1_ListSearchesRequest__Output, _facenas_v1_ListSearchesResponse__Output>
  ListTrials: MethodDefinition<_facenas_v1_ListTrialsRequest, _facenas_v1_ListTrialsResponse, _facenas_v1_ListTrialsRequest__Output, _facenas_v1_ListTrialsResponse__Output>
  ResumeSearch: MethodDefinition<_facenas_v1_ResumeSearchRequest, _facenas_v1_ResumeSearchResponse, _facenas_v1_ResumeSearchRequest__Output, _facenas_v1_ResumeSearchResponse__Output>
  StartSearch: MethodDefinition<_facenas_v1_StartSearchRequest, _facenas_v1_StartSearchResponse, _facenas_v1_StartSearchRequest__Output, _facenas_v1_StartSearchResponse__Output>
  StopSearch: MethodDefinition<_facenas_v1_StopSearchRequest, _facenas_v1_StopSearchResponse, _facenas_v1_StopSearchRequest__Output, _facenas_v1_StopSearchResponse__Output>
  WatchSearch: MethodDefinition<_facenas_v1_WatchSearchRequest, _facenas_v1_WatchSearchResponse, _facenas_v1_WatchSearchRequest__Output, _facenas_v1_WatchSearchResponse__Output>
}
