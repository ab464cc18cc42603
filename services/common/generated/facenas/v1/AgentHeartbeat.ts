// Original file: protos/facenas/v1/agent.proto

import type { Long } from '@grpc/proto-loader';

export interface AgentHeartbeat {
  'timeMs'?: (number | string | Long);
  'busy'?: (boolean);
}

export interface AgentHeartbeat__Output {
  'timeMs': (number);
  'busy': (boolean);
}
