// Original file: protos/facenas/v1/agent.proto

import type { AgentWelcome as _facenas_v1_AgentWelcome, AgentWelcome__Output as _facenas_v1_AgentWelcome__Output } from '../../facenas/v1/AgentWelcome.js';
import type { MeasurementTask as _facenas_v1_MeasurementTask, MeasurementTask__Output as _facenas_v1_MeasurementTask__Output } from '../../facenas/v1/MeasurementTask.js';

export interface ConnectResponse {
  'welcome'?: (_facenas_v1_AgentWelcome | null);
  'task'?: (_facenas_v1_MeasurementTask | null);
  'message'?: "welcome"|"task";
}

export interface ConnectResponse__Output {
  'welcome'?: (_facenas_v1_AgentWelcome__Output | null);
  'task'?: (_facenas_v1_MeasurementTask__Output | null);
  'message'?: "welcome"|"task";
}
