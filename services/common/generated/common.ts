import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { Architecture as _facenas_v1_Architecture, Architecture__Output as _facenas_v1_Architecture__Output } from './facenas/v1/Architecture.js';
import type { Device as _facenas_v1_Device, Device__Output as _facenas_v1_Device__Output } from './facenas/v1/Device.js';
import type { Latency as _facenas_v1_Latency, Latency__Output as _facenas_v1_Latency__Output } from './facenas/v1/Latency.js';
import type { TrainingBudget as _facenas_v1_TrainingBudget, TrainingBudget__Output as _facenas_v1_TrainingBudget__Output } from './facenas/v1/TrainingBudget.js';
import type { TrialMetrics as _facenas_v1_TrialMetrics, TrialMetrics__Output as _facenas_v1_TrialMetrics__Output } from './facenas/v1/TrialMetrics.js';
import type { TrialProgress as _facenas_v1_TrialProgress, TrialProgress__Output as _facenas_v1_TrialProgress__Output } from './facenas/v1/TrialProgress.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  facenas: {
    v1: {
      Architecture: MessageTypeDefinition<_facenas_v1_Architecture, _facenas_v1_Architecture__Output>
      Device: MessageTypeDefinition<_facenas_v1_Device, _facenas_v1_Device__Output>
      Latency: MessageTypeDefinition<_facenas_v1_Latency, _facenas_v1_Latency__Output>
      LatencySource: EnumTypeDefinition
      Loss: EnumTypeDefinition
      Objective: EnumTypeDefinition
      TrainingBudget: MessageTypeDefinition<_facenas_v1_TrainingBudget, _facenas_v1_TrainingBudget__Output>
      TrialMetrics: MessageTypeDefinition<_facenas_v1_TrialMetrics, _facenas_v1_TrialMetrics__Output>
      TrialProgress: MessageTypeDefinition<_facenas_v1_TrialProgress, _facenas_v1_TrialProgress__Output>
      TrialState: EnumTypeDefinition
    }
  }
}

