import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { AgentHeartbeat as _facenas_v1_AgentHeartbeat, AgentHeartbeat__Output as _facenas_v1_AgentHeartbeat__Output } from './facenas/v1/AgentHeartbeat.js';
import type { AgentHello as _facenas_v1_AgentHello, AgentHello__Output as _facenas_v1_AgentHello__Output } from './facenas/v1/AgentHello.js';
import type { AgentServiceClient as _facenas_v1_AgentServiceClient, AgentServiceDefinition as _facenas_v1_AgentServiceDefinition } from './facenas/v1/AgentService.js';
import type { AgentWelcome as _facenas_v1_AgentWelcome, AgentWelcome__Output as _facenas_v1_AgentWelcome__Output } from './facenas/v1/AgentWelcome.js';
import type { Architecture as _facenas_v1_Architecture, Architecture__Output as _facenas_v1_Architecture__Output } from './facenas/v1/Architecture.js';
import type { ConnectRequest as _facenas_v1_ConnectRequest, ConnectRequest__Output as _facenas_v1_ConnectRequest__Output } from './facenas/v1/ConnectRequest.js';
import type { ConnectResponse as _facenas_v1_ConnectResponse, ConnectResponse__Output as _facenas_v1_ConnectResponse__Output } from './facenas/v1/ConnectResponse.js';
import type { Device as _facenas_v1_Device, Device__Output as _facenas_v1_Device__Output } from './facenas/v1/Device.js';
import type { Latency as _facenas_v1_Latency, Latency__Output as _facenas_v1_Latency__Output } from './facenas/v1/Latency.js';
import type { LayerTiming as _facenas_v1_LayerTiming, LayerTiming__Output as _facenas_v1_LayerTiming__Output } from './facenas/v1/LayerTiming.js';
import type { MeasurementResult as _facenas_v1_MeasurementResult, MeasurementResult__Output as _facenas_v1_MeasurementResult__Output } from './facenas/v1/MeasurementResult.js';
import type { MeasurementTask as _facenas_v1_MeasurementTask, MeasurementTask__Output as _facenas_v1_MeasurementTask__Output } from './facenas/v1/MeasurementTask.js';
import type { TrainingBudget as _facenas_v1_TrainingBudget, TrainingBudget__Output as _facenas_v1_TrainingBudget__Output } from './facenas/v1/TrainingBudget.js';
import type { TrialMetrics as _facenas_v1_TrialMetrics, TrialMetrics__Output as _facenas_v1_TrialMetrics__Output } from './facenas/v1/TrialMetrics.js';
import type { TrialProgress as _facenas_v1_TrialProgress, TrialProgress__Output as _facenas_v1_TrialProgress__Output } from './facenas/v1/TrialProgress.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  facenas: {
    v1: {
      AgentHeartbeat: MessageTypeDefinition<_facenas_v1_AgentHeartbeat, _facenas_v1_AgentHeartbeat__Output>
      AgentHello: MessageTypeDefinition<_facenas_v1_AgentHello, _facenas_v1_AgentHello__Output>
      AgentService: SubtypeConstructor<typeof grpc.Client, _facenas_v1_AgentServiceClient> & { service: _facenas_v1_AgentServiceDefinition }
      AgentWelcome: MessageTypeDefinition<_facenas_v1_AgentWelcome, _facenas_v1_AgentWelcome__Output>
      Architecture: MessageTypeDefinition<_facenas_v1_Architecture, _facenas_v1_Architecture__Output>
      ConnectRequest: MessageTypeDefinition<_facenas_v1_ConnectRequest, _facenas_v1_ConnectRequest__Output>
      ConnectResponse: MessageTypeDefinition<_facenas_v1_ConnectResponse, _facenas_v1_ConnectResponse__Output>
      Device: MessageTypeDefinition<_facenas_v1_Device, _facenas_v1_Device__Output>
      Latency: MessageTypeDefinition<_facenas_v1_Latency, _facenas_v1_Latency__Output>
      LatencySource: EnumTypeDefinition
      LayerTiming: MessageTypeDefinition<_facenas_v1_LayerTiming, _facenas_v1_LayerTiming__Output>
      Loss: EnumTypeDefinition
      MeasurementResult: MessageTypeDefinition<_facenas_v1_MeasurementResult, _facenas_v1_MeasurementResult__Output>
      MeasurementTask: MessageTypeDefinition<_facenas_v1_MeasurementTask, _facenas_v1_MeasurementTask__Output>
      Objective: EnumTypeDefinition
      TaskKind: EnumTypeDefinition
      TrainingBudget: MessageTypeDefinition<_facenas_v1_TrainingBudget, _facenas_v1_TrainingBudget__Output>
      TrialMetrics: MessageTypeDefinition<_facenas_v1_TrialMetrics, _facenas_v1_TrialMetrics__Output>
      TrialProgress: MessageTypeDefinition<_facenas_v1_TrialProgress, _facenas_v1_TrialProgress__Output>
      TrialState: EnumTypeDefinition
    }
  }
}

