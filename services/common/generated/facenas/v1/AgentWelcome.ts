// Original file: protos/facenas/v1/agent.proto


export interface AgentWelcome {
  'agentId'?: (string);
  'heartbeatIntervalMs'?: (number);
}

export interface AgentWelcome__Output {
  'agentId': (string);
  'heartbeatIntervalMs': (number);
}
