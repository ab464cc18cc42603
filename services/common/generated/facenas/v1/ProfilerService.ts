// Original file: protos/facenas/v1/profiler.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CalibrateRequest as _facenas_v1_CalibrateRequest, CalibrateRequest__Output as _facenas_v1_CalibrateRequest__Output } from '../../facenas/v1/CalibrateRequest.js';
import type { CalibrateResponse as _facenas_v1_CalibrateResponse, CalibrateResponse__Output as _facenas_v1_CalibrateResponse__Output } from '../../facenas/v1/CalibrateResponse.js';
import type { ListDevicesRequest as _facenas_v1_ListDevicesRequest, ListDevicesRequest__Output as _facenas_v1_ListDevicesRequest__Output } from '../../facenas/v1/ListDevicesRequest.js';
import type { ListDevicesResponse as _facenas_v1_ListDevicesResponse, ListDevicesResponse__Output as _facenas_v1_ListDevicesResponse__Output } from '../../facenas/v1/ListDevicesResponse.js';
import type { MeasureLatencyRequest as _facenas_v1_MeasureLatencyRequest, MeasureLatencyRequest__Output as _facenas_v1_MeasureLatencyRequest__Output } from '../../facenas/v1/MeasureLatencyRequest.js';
import type { MeasureLatencyResponse as _facenas_v1_MeasureLatencyResponse, MeasureLatencyResponse__Output as _facenas_v1_MeasureLatencyResponse__Output } from '../../facenas/v1/MeasureLatencyResponse.js';
import type { PredictLatencyRequest as _facenas_v1_PredictLatencyRequest, PredictLatencyRequest__Output as _facenas_v1_PredictLatencyRequest__Output } from '../../facenas/v1/PredictLatencyRequest.js';
import type { PredictLatencyResponse as _facenas_v1_PredictLatencyResponse, PredictLatencyResponse__Output as _facenas_v1_PredictLatencyResponse__Output } from '../../facenas/v1/PredictLatencyResponse.js';

export interface ProfilerServiceClient extends grpc.Client {
  Calibrate(argument: _facenas_v1_CalibrateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_facenas_v1_CalibrateResponse__Output>): grpc.ClientUnaryCall;
  Calibrate(argument: _facenas_v1_CalibrateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_facenas_v1_CalibrateResponse__Output>): grpc.ClientUnaryCall;
  Calibrate(argument: _facenas_v1_CalibrateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_facenas_v1_CalibrateResponse__Output>): grpc.ClientUnaryCall;
  Calibrate(argument: _facenas_v1_CalibrateRequest, callback: grpc.requestCallback<_facenas_v1_CalibrateResponse__Output>): grpc.ClientUnaryCall;
  calibrate(argument: _facenas_v1_CalibrateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_facenas_v1_CalibrateResponse__Output>): grpc.ClientUnaryCall;
  calibrate(argument: _facenas_v1_CalibrateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_facenas_v1_CalibrateResponse__Output>): grpc.ClientUnaryCall;
  calibrate(argument: _facenas_v1_CalibrateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_facenas_v1_CalibrateResponse__Output>): grpc.ClientUnaryCall;
  calibrate(argument: _facenas_v1_CalibrateRequest, callback: grpc.requestCallback<_facenas_v1_CalibrateResponse__Output>): grpc.ClientUnaryCall;
  
  ListDevices(argument: _facenas_v1_ListDevicesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_facenas_v1_ListDevicesResponse__Output>): grpc.ClientUnaryCall;
  ListDevices(argument: _facenas_v1_ListDevicesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_facenas_v1_ListDevicesResponse__Output>): grpc.ClientUnaryCall;
  ListDevices(argument: _facenas_v1_ListDevicesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_facenas_v1_ListDevicesResponse__Output>): grpc.ClientUnaryCall;
  ListDevices(argument: _facenas_v1_ListDevicesRequest, callback: grpc.requestCallback<_facenas_v1_ListDevicesResponse__Output>): grpc.ClientUnaryCall;
  listDevices(argument: _facenas_v1_ListDevicesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_facenas_v1_ListDevicesResponse__Output>): grpc.ClientUnaryCall;
  listDevices(argument: _facenas_v1_ListDevicesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_facenas_v1_ListDevicesResponse__Output>): grpc.ClientUnaryCall;
  listDevices(argument: _facenas_v1_ListDevicesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_facenas_v1_ListDevicesResponse__Output>): grpc.ClientUnaryCall;
  listDevices(argument: _facenas_v1_ListDevicesRequest, callback: grpc.requestCallback<_facenas_v1_ListDevicesResponse__Output>): grpc.ClientUnaryCall;
  
  MeasureLatency(argument: _facenas_v1_MeasureLatencyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_facenas_v1_MeasureLatencyResponse__Output>): grpc.ClientUnaryCall;
  MeasureLatency(argument: _facenas_v1_MeasureLatencyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_facenas_v1_MeasureLatencyResponse__Output>): grpc.ClientUnaryCall;
  MeasureLatency(argument: _facenas_v1_MeasureLatencyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_facenas_v1_MeasureLatencyResponse__Output>): grpc.ClientUnaryCall;
  MeasureLatency(argument: _facenas_v1_MeasureLatencyRequest, callback: grpc.requestCallback<_facenas_v1_MeasureLatencyResponse__Output>): grpc.ClientUnaryCall;
  measureLatency(argument: _facenas_v1_MeasureLatencyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_facenas_v1_MeasureLatencyResponse__Output>): grpc.ClientUnaryCall;
  measureLatency(argument: _facenas_v1_MeasureLatencyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_facenas_v1_MeasureLatencyResponse__Output>): grpc.ClientUnaryCall;
  measureLatency(argument: _facenas_v1_MeasureLatencyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_facenas_v1_MeasureLatencyResponse__Output>): grpc.ClientUnaryCall;
  measureLatency(argument: _facenas_v1_MeasureLatencyRequest, callback: grpc.requestCallback<_facenas_v1_MeasureLatencyResponse__Output>): grpc.ClientUnaryCall;
  
  PredictLatency(argument: _facenas_v1_PredictLatencyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_facenas_v1_PredictLatencyResponse__Output>): grpc.ClientUnaryCall;
  PredictLatency(argument: _facenas_v1_PredictLatencyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_facenas_v1_PredictLatencyResponse__Output>): grpc.ClientUnaryCall;
  PredictLatency(argument: _facenas_v1_PredictLatencyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_facenas_v1_PredictLatencyResponse__Output>): grpc.ClientUnaryCall;
  PredictLatency(argument: _facenas_v1_PredictLatencyRequest, callback: grpc.requestCallback<_facenas_v1_PredictLatencyResponse__Output>): grpc.ClientUnaryCall;
  predictLatency(argument: _facenas_v1_PredictLatencyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_facenas_v1_PredictLatencyResponse__Output>): grpc.ClientUnaryCall;
  predictLatency(argument: _facenas_v1_PredictLatencyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_facenas_v1_PredictLatencyResponse__Output>): grpc.ClientUnaryCall;
  predictLatency(argument: _facenas_v1_PredictLatencyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_facenas_v1_PredictLatencyResponse__Output>): grpc.ClientUnaryCall;
  predictLatency(argument: _facenas_v1_PredictLatencyRequest, callback: grpc.requestCallback<_facenas_v1_PredictLatencyResponse__Output>): grpc.ClientUnaryCall;
  
}

export interface ProfilerServiceHandlers extends grpc.UntypedServiceImplementation {
  Calibrate: grpc.handleUnaryCall<_facenas_v1_CalibrateRequest__Output, _facenas_v1_CalibrateResponse>;
  
  ListDevices: grpc.handleUnaryCall<_facenas_v1_ListDevicesRequest__Output, _facenas_v1_ListDevicesResponse>;
  
  MeasureLatency: grpc.handleUnaryCall<_facenas_v1_MeasureLatencyRequest__Output, _facenas_v1_MeasureLatencyResponse>;
  
  PredictLatency: grpc.handleUnaryCall<_facenas_v1_PredictLatencyRequest__Output, _facenas_v1_PredictLatencyResponse>;
  
}

export interface ProfilerServiceDefinition extends grpc.ServiceDefinition {
  Calibrate: MethodDefinition<_facenas_v1_CalibrateRequest, _facenas_v1_CalibrateResponse, _facenas_v1_CalibrateRequest__Output, _facenas_v1_CalibrateResponse__Output>
  ListDevices: MethodDefinition<_facenas_v1_ListDevicesRequest, _facenas_v1_ListDevicesResponse, _facenas_v1_ListDevicesRequest__Output, _facenas_v1_ListDevicesResponse__Output>
  MeasureLatency: MethodDefinition<_facenas_v1_MeasureLatencyRequest, _facenas_v1_MeasureLatencyResponse, _facenas_v1_MeasureLatencyRequest__Output, _facenas_v1_MeasureLatencyResponse__Output>
  PredictLatency: MethodDefinition<_facenas_v1_PredictLatencyRequest, _facenas_v1_PredictLatencyResponse, _facenas_v1_PredictLatencyRequest__Output, _facenas_v1_PredictLatencyResponse__Output>
}
