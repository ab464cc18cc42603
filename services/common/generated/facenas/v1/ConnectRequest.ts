// Original file: protos/facenas/v1/agent.proto

import type { AgentHello as _facenas_v1_AgentHello, AgentHello__Output as _facenas_v1_AgentHello__Output } from '../../facenas/v1/AgentHello.js';
import type { AgentHeartbeat as _facenas_v1_AgentHeartbeat, AgentHeartbeat__Output as _facenas_v1_AgentHeartbeat__Output } from '../../facenas/v1/AgentHeartbeat.js';
import type { MeasurementResult as _facenas_v1_MeasurementResult, MeasurementResult__Output as _facenas_v1_MeasurementResult__Output } from '../../facenas/v1/MeasurementResult.js';

export interface ConnectRequest {
  'hello'?: (_facenas_v1_AgentHello | null);
  'heartbeat'?: (_facenas_v1_AgentHeartbeat | null);
  'result'?: (_facenas_v1_MeasurementResult | null);
  'message'?: "hello"|"heartbeat"|"result";
}

export interface ConnectRequest__Output {
  'hello'?: (_facenas_v1_AgentHello__Output | null);
  'heartbeat'?: (_facenas_v1_AgentHeartbeat__Output | null);
  'result'?: (_facenas_v1_MeasurementResult__Output | null);
  'message'?: "hello"|"heartbeat"|"result";
}
