// Original file: protos/facenas/v1/agent.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { ConnectRequest as _facenas_v1_ConnectRequest, ConnectRequest__Output as _facenas_v1_ConnectRequest__Output } from '../../facenas/v1/ConnectRequest.js';
import type { ConnectResponse as _facenas_v1_ConnectResponse, ConnectResponse__Output as _facenas_v1_ConnectResponse__Output } from '../../facenas/v1/ConnectResponse.js';

export interface AgentServiceClient extends grpc.Client {
  Connect(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_facenas_v1_ConnectRequest, _facenas_v1_ConnectResponse__Output>;
  Connect(options?: grpc.CallOptions): grpc.ClientDuplexStream<_facenas_v1_ConnectRequest, _facenas_v1_ConnectResponse__Output>;
  connect(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_facenas_v1_ConnectRequest, _facenas_v1_ConnectResponse__Output>;
  connect(options?: grpc.CallOptions): grpc.ClientDuplexStream<_facenas_v1_ConnectRequest, _facenas_v1_ConnectResponse__Output>;
  
}

export interface AgentServiceHandlers extends grpc.UntypedServiceImplementation {
  Connect: grpc.handleBidiStreamingCall<_facenas_v1_ConnectRequest__Output, _facenas_v1_ConnectResponse>;
  
}

export interface AgentServiceDefinition extends grpc.ServiceDefinition {
  Connect: MethodDefinition<_facenas_v1_ConnectRequest, _facenas_v1_ConnectResponse, _facenas_v1_ConnectRequest__Output, _facenas_v1_ConnectResponse__Output>
}
