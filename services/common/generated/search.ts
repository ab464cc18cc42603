import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { AlgorithmSetting as _facenas_v1_AlgorithmSetting, AlgorithmSetting__Output as _facenas_v1_AlgorithmSetting__Output } from './facenas/v1/AlgorithmSetting.js';
import type { AlgorithmSpec as _facenas_v1_AlgorithmSpec, AlgorithmSpec__Output as _facenas_v1_AlgorithmSpec__Output } from './facenas/v1/AlgorithmSpec.js';
import type { Architecture as _facenas_v1_Architecture, Architecture__Output as _facenas_v1_Architecture__Output } from './facenas/v1/Architecture.js';
import type { Device as _facenas_v1_Device, Device__Output as _facenas_v1_Device__Output } from './facenas/v1/Device.js';
import type { ExportArchitectureRequest as _facenas_v1_ExportArchitectureRequest, ExportArchitectureRequest__Output as _facenas_v1_ExportArchitectureRequest__Output } from './facenas/v1/ExportArchitectureRequest.js';
import type { ExportArchitectureResponse as _facenas_v1_ExportArchitectureResponse, ExportArchitectureResponse__Output as _facenas_v1_ExportArchitectureResponse__Output } from './facenas/v1/ExportArchitectureResponse.js';
import type { GetParetoFrontRequest as _facenas_v1_GetParetoFrontRequest, GetParetoFrontRequest__Output as _facenas_v1_GetParetoFrontRequest__Output } from './facenas/v1/GetParetoFrontRequest.js';
import type { GetParetoFrontResponse as _facenas_v1_GetParetoFrontResponse, GetParetoFrontResponse__Output as _facenas_v1_GetParetoFrontResponse__Output } from './facenas/v1/GetParetoFrontResponse.js';
import type { GetSearchRequest as _facenas_v1_GetSearchRequest, GetSearchRequest__Output as _facenas_v1_GetSearchRequest__Output } from './facenas/v1/GetSearchRequest.js';
import type { GetSearchResponse as _facenas_v1_GetSearchResponse, GetSearchResponse__Output as _facenas_v1_GetSearchResponse__Output } from './facenas/v1/GetSearchResponse.js';
import type { Latency as _facenas_v1_Latency, Latency__Output as _facenas_v1_Latency__Output } from './facenas/v1/Latency.js';
import type { ListSearchesRequest as _facenas_v1_ListSearchesRequest, ListSearchesRequest__Output as _facenas_v1_ListSearchesRequest__Output } from './facenas/v1/ListSearchesRequest.js';
import type { ListSearchesResponse as _facenas_v1_ListSearchesResponse, ListSearchesResponse__Output as _facenas_v1_ListSearchesResponse__Output } from './facenas/v1/ListSearchesResponse.js';
import type { ListTrialsRequest as _facenas_v1_ListTrialsRequest, ListTrialsRequest__Output as _facenas_v1_ListTrialsRequest__Output } from './facenas/v1/ListTrialsRequest.js';
import type { ListTrialsResponse as _facenas_v1_ListTrialsResponse, ListTrialsResponse__Output as _facenas_v1_ListTrialsResponse__Output } from './facenas/v1/ListTrialsResponse.js';
import type { ResumeSearchRequest as _facenas_v1_ResumeSearchRequest, ResumeSearchRequest__Output as _facenas_v1_ResumeSearchRequest__Output } from './facenas/v1/ResumeSearchRequest.js';
import type { ResumeSearchResponse as _facenas_v1_ResumeSearchResponse, ResumeSearchResponse__Output as _facenas_v1_ResumeSearchResponse__Output } from './facenas/v1/ResumeSearchResponse.js';
import type { RewardSpec as _facenas_v1_RewardSpec, RewardSpec__Output as _facenas_v1_RewardSpec__Output } from './facenas/v1/RewardSpec.js';
import type { Search as _facenas_v1_Search, Search__Output as _facenas_v1_Search__Output } from './facenas/v1/Search.js';
import type { SearchEvent as _facenas_v1_SearchEvent, SearchEvent__Output as _facenas_v1_SearchEvent__Output } from './facenas/v1/SearchEvent.js';
import type { SearchServiceClient as _facenas_v1_SearchServiceClient, SearchServiceDefinition as _facenas_v1_SearchServiceDefinition } from './facenas/v1/SearchService.js';
import type { SearchSpec as _facenas_v1_SearchSpec, SearchSpec__Output as _facenas_v1_SearchSpec__Output } from './facenas/v1/SearchSpec.js';
import type { StartSearchRequest as _facenas_v1_StartSearchRequest, StartSearchRequest__Output as _facenas_v1_StartSearchRequest__Output } from './facenas/v1/StartSearchRequest.js';
import type { StartSearchResponse as _facenas_v1_StartSearchResponse, StartSearchResponse__Output as _facenas_v1_StartSearchResponse__Output } from './facenas/v1/StartSearchResponse.js';
import type { StopSearchRequest as _facenas_v1_StopSearchRequest, StopSearchRequest__Output as _facenas_v1_StopSearchRequest__Output } from './facenas/v1/StopSearchRequest.js';
import type { StopSearchResponse as _facenas_v1_StopSearchResponse, StopSearchResponse__Output as _facenas_v1_StopSearchResponse__Output } from './facenas/v1/StopSearchResponse.js';
import type { TrainingBudget as _facenas_v1_TrainingBudget, TrainingBudget__Output as _facenas_v1_TrainingBudget__Output } from './facenas/v1/TrainingBudget.js';
import type { Trial as _facenas_v1_Trial, Trial__Output as _facenas_v1_Trial__Output } from './facenas/v1/Trial.js';
import type { TrialMetrics as _facenas_v1_TrialMetrics, TrialMetrics__Output as _facenas_v1_TrialMetrics__Output } from './facenas/v1/TrialMetrics.js';
import type { TrialProgress as _facenas_v1_TrialProgress, TrialProgress__Output as _facenas_v1_TrialProgress__Output } from './facenas/v1/TrialProgress.js';
import type { WatchSearchRequest as _facenas_v1_WatchSearchRequest, WatchSearchRequest__Output as _facenas_v1_WatchSearchRequest__Output } from './facenas/v1/WatchSearchRequest.js';
import type { WatchSearchResponse as _facenas_v1_WatchSearchResponse, WatchSearchResponse__Output as _facenas_v1_WatchSearchResponse__Output } from './facenas/v1/WatchSearchResponse.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  facenas: {
    v1: {
      AlgorithmSetting: MessageTypeDefinition<_facenas_v1_AlgorithmSetting, _facenas_v1_AlgorithmSetting__Output>
      AlgorithmSpec: MessageTypeDefinition<_facenas_v1_AlgorithmSpec, _facenas_v1_AlgorithmSpec__Output>
      Architecture: MessageTypeDefinition<_facenas_v1_Architecture, _facenas_v1_Architecture__Output>
      Device: MessageTypeDefinition<_facenas_v1_Device, _facenas_v1_Device__Output>
      ExportArchitectureRequest: MessageTypeDefinition<_facenas_v1_ExportArchitectureRequest, _facenas_v1_ExportArchitectureRequest__Output>
      ExportArchitectureResponse: MessageTypeDefinition<_facenas_v1_ExportArchitectureResponse, _facenas_v1_ExportArchitectureResponse__Output>
      GetParetoFrontRequest: MessageTypeDefinition<_facenas_v1_GetParetoFrontRequest, _facenas_v1_GetParetoFrontRequest__Output>
      GetParetoFrontResponse: MessageTypeDefinition<_facenas_v1_GetParetoFrontResponse, _facenas_v1_GetParetoFrontResponse__Output>
      GetSearchRequest: MessageTypeDefinition<_facenas_v1_GetSearchRequest, _facenas_v1_GetSearchRequest__Output>
      GetSearchResponse: MessageTypeDefinition<_facenas_v1_GetSearchResponse, _facenas_v1_GetSearchResponse__Output>
      Latency: MessageTypeDefinition<_facenas_v1_Latency, _facenas_v1_Latency__Output>
      LatencySource: EnumTypeDefinition
      ListSearchesRequest: MessageTypeDefinition<_facenas_v1_ListSearchesRequest, _facenas_v1_ListSearchesRequest__Output>
      ListSearchesResponse: MessageTypeDefinition<_facenas_v1_ListSearchesResponse, _facenas_v1_ListSearchesResponse__Output>
      ListTrialsRequest: MessageTypeDefinition<_facenas_v1_ListTrialsRequest, _facenas_v1_ListTrialsRequest__Output>
      ListTrialsResponse: MessageTypeDefinition<_facenas_v1_ListTrialsResponse, _facenas_v1_ListTrialsResponse__Output>
      Loss: EnumTypeDefinition
      Objective: EnumTypeDefinition
      ResumeSearchRequest: MessageTypeDefinition<_facenas_v1_ResumeSearchRequest, _facenas_v1_ResumeSearchRequest__Output>
      ResumeSearchResponse: MessageTypeDefinition<_facenas_v1_ResumeSearchResponse, _facenas_v1_ResumeSearchResponse__Output>
      RewardConstraint: EnumTypeDefinition
      RewardSpec: MessageTypeDefinition<_facenas_v1_RewardSpec, _facenas_v1_RewardSpec__Output>
      Search: MessageTypeDefinition<_facenas_v1_Search, _facenas_v1_Search__Output>
      SearchEvent: MessageTypeDefinition<_facenas_v1_SearchEvent, _facenas_v1_SearchEvent__Output>
      SearchEventKind: EnumTypeDefinition
      SearchService: SubtypeConstructor<typeof grpc.Client, _facenas_v1_SearchServiceClient> & { service: _facenas_v1_SearchServiceDefinition }
      SearchSpec: MessageTypeDefinition<_facenas_v1_SearchSpec, _facenas_v1_SearchSpec__Output>
      SearchState: EnumTypeDefinition
      StartSearchRequest: MessageTypeDefinition<_facenas_v1_StartSearchRequest, _facenas_v1_StartSearchRequest__Output>
      StartSearchResponse: MessageTypeDefinition<_facenas_v1_StartSearchResponse, _facenas_v1_StartSearchResponse__Output>
      StopSearchRequest: MessageTypeDefinition<_facenas_v1_StopSearchRequest, _facenas_v1_StopSearchRequest__Output>
      StopSearchResponse: MessageTypeDefinition<_facenas_v1_StopSearchResponse, _facenas_v1_StopSearchResponse__Output>
      TrainingBudget: MessageTypeDefinition<_facenas_v1_TrainingBudget, _facenas_v1_TrainingBudget__Output>
      Trial: MessageTypeDefinition<_facenas_v1_Trial, _facenas_v1_Trial__Output>
      TrialMetrics: MessageTypeDefinition<_facenas_v1_TrialMetrics, _facenas_v1_TrialMetrics__Output>
      TrialProgress: MessageTypeDefinition<_facenas_v1_TrialProgress, _facenas_v1_TrialProgress__Output>
      TrialState: EnumTypeDefinition
      WatchSearchRequest: MessageTypeDefinition<_facenas_v1_WatchSearchRequest, _facenas_v1_WatchSearchRequest__Output>
      WatchSearchResponse: MessageTypeDefinition<_facenas_v1_WatchSearchResponse, _facenas_v1_WatchSearchResponse__Output>
    }
  }
}

