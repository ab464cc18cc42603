// Original file: protos/facenas/v1/common.proto


export interface Device {
  'name'?: (string);
  'cpuModel'?: (string);
  'cores'?: (number);
  'runtime'?: (string);
  'runtimeVersion'?: (string);
  'backend'?: (string);
  'threads'?: (number);
  'agentId'?: (string);
  'arch'?: (string);
}

export interface Device__Output {
  'name': (string);
  'cpuModel': (string);
  'cores': (number);
  'runtime': (string);
  'runtimeVersion': (string);
  'backend': (string);
  'threads': (number);
  'agentId': (string);
  'arch': (string);
}
