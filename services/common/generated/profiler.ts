import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { Architecture as _facenas_v1_Architecture, Architecture__Output as _facenas_v1_Architecture__Output } from './facenas/v1/Architecture.js';
import type { CalibrateRequest as _facenas_v1_CalibrateRequest, CalibrateRequest__Output as _facenas_v1_CalibrateRequest__Output } from './facenas/v1/CalibrateRequest.js';
import type { CalibrateResponse as _facenas_v1_CalibrateResponse, CalibrateResponse__Output as _facenas_v1_CalibrateResponse__Output } from './facenas/v1/CalibrateResponse.js';
import type { Device as _facenas_v1_Device, Device__Output as _facenas_v1_Device__Output } from './facenas/v1/Device.js';
import type { DeviceStatus as _facenas_v1_DeviceStatus, DeviceStatus__Output as _facenas_v1_DeviceStatus__Output } from './facenas/v1/DeviceStatus.js';
import type { Latency as _facenas_v1_Latency, Latency__Output as _facenas_v1_Latency__Output } from './facenas/v1/Latency.js';
import type { LayerLatency as _facenas_v1_LayerLatency, LayerLatency__Output as _facenas_v1_LayerLatency__Output } from './facenas/v1/LayerLatency.js';
import type { ListDevicesRequest as _facenas_v1_ListDevicesRequest, ListDevicesRequest__Output as _facenas_v1_ListDevicesRequest__Output } from './facenas/v1/ListDevicesRequest.js';
import type { ListDevicesResponse as _facenas_v1_ListDevicesResponse, ListDevicesResponse__Output as _facenas_v1_ListDevicesResponse__Output } from './facenas/v1/ListDevicesResponse.js';
import type { MeasureLatencyRequest as _facenas_v1_MeasureLatencyRequest, MeasureLatencyRequest__Output as _facenas_v1_MeasureLatencyRequest__Output } from './facenas/v1/MeasureLatencyRequest.js';
import type { MeasureLatencyResponse as _facenas_v1_MeasureLatencyResponse, MeasureLatencyResponse__Output as _facenas_v1_MeasureLatencyResponse__Output } from './facenas/v1/MeasureLatencyResponse.js';
import type { PredictLatencyRequest as _facenas_v1_PredictLatencyRequest, PredictLatencyRequest__Output as _facenas_v1_PredictLatencyRequest__Output } from './facenas/v1/PredictLatencyRequest.js';
import type { PredictLatencyResponse as _facenas_v1_PredictLatencyResponse, PredictLatencyResponse__Output as _facenas_v1_PredictLatencyResponse__Output } from './facenas/v1/PredictLatencyResponse.js';
import type { ProfilerServiceClient as _facenas_v1_ProfilerServiceClient, ProfilerServiceDefinition as _facenas_v1_ProfilerServiceDefinition } from './facenas/v1/ProfilerService.js';
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
      CalibrateRequest: MessageTypeDefinition<_facenas_v1_CalibrateRequest, _facenas_v1_CalibrateRequest__Output>
      CalibrateResponse: MessageTypeDefinition<_facenas_v1_CalibrateResponse, _facenas_v1_CalibrateResponse__Output>
      Device: MessageTypeDefinition<_facenas_v1_Device, _facenas_v1_Device__Output>
      DeviceStatus: MessageTypeDefinition<_facenas_v1_DeviceStatus, _facenas_v1_DeviceStatus__Output>
      Latency: MessageTypeDefinition<_facenas_v1_Latency, _facenas_v1_Latency__Output>
      LatencySource: EnumTypeDefinition
      LayerLatency: MessageTypeDefinition<_facenas_v1_LayerLatency, _facenas_v1_LayerLatency__Output>
      ListDevicesRequest: MessageTypeDefinition<_facenas_v1_ListDevicesRequest, _facenas_v1_ListDevicesRequest__Output>
      ListDevicesResponse: MessageTypeDefinition<_facenas_v1_ListDevicesResponse, _facenas_v1_ListDevicesResponse__Output>
      Loss: EnumTypeDefinition
      MeasureLatencyRequest: MessageTypeDefinition<_facenas_v1_MeasureLatencyRequest, _facenas_v1_MeasureLatencyRequest__Output>
      MeasureLatencyResponse: MessageTypeDefinition<_facenas_v1_MeasureLatencyResponse, _facenas_v1_MeasureLatencyResponse__Output>
      Objective: EnumTypeDefinition
      PredictLatencyRequest: MessageTypeDefinition<_facenas_v1_PredictLatencyRequest, _facenas_v1_PredictLatencyRequest__Output>
      PredictLatencyResponse: MessageTypeDefinition<_facenas_v1_PredictLatencyResponse, _facenas_v1_PredictLatencyResponse__Output>
      ProfilerService: SubtypeConstructor<typeof grpc.Client, _facenas_v1_ProfilerServiceClient> & { service: _facenas_v1_ProfilerServiceDefinition }
      TrainingBudget: MessageTypeDefinition<_facenas_v1_TrainingBudget, _facenas_v1_TrainingBudget__Output>
      TrialMetrics: MessageTypeDefinition<_facenas_v1_TrialMetrics, _facenas_v1_TrialMetrics__Output>
      TrialProgress: MessageTypeDefinition<_facenas_v1_TrialProgress, _facenas_v1_TrialProgress__Output>
      TrialState: EnumTypeDefinition
    }
  }
}

