// Original file: protos/facenas/v1/agent.proto

import type { Device as _facenas_v1_Device, Device__Output as _facenas_v1_Device__Output } from '../../facenas/v1/Device.js';

export interface AgentHello {
  'device'?: (_facenas_v1_Device | null);
  'agentVersion'?: (string);
}

export interface AgentHello__Output {
  'device': (_facenas_v1_Device__Output | null);
  'agentVersion': (string);
}
