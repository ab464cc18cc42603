// Original file: protos/facenas/v1/profiler.proto

import type { DeviceStatus as _facenas_v1_DeviceStatus, DeviceStatus__Output as _facenas_v1_DeviceStatus__Output } from '../../facenas/v1/DeviceStatus.js';

export interface ListDevicesResponse {
  'devices'?: (_facenas_v1_DeviceStatus)[];
}

export interface ListDevicesResponse__Output {
  'devices': (_facenas_v1_DeviceStatus__Output)[];
}
