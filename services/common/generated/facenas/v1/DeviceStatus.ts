// Original file: protos/facenas/v1/profiler.proto

import type { Device as _facenas_v1_Device, Device__Output as _facenas_v1_Device__Output } from '../../facenas/v1/Device.js';

export interface DeviceStatus {
  'name'?: (string);
  'agents'?: (_facenas_v1_Device)[];
  'calibrated'?: (boolean);
  'tableEntries'?: (number);
  'queueLength'?: (number);
  'cachedMeasurements'?: (number);
  'calibratedImageSizes'?: (number)[];
}

export interface DeviceStatus__Output {
  'name': (string);
  'agents': (_facenas_v1_Device__Output)[];
  'calibrated': (boolean);
  'tableEntries': (number);
  'queueLength': (number);
  'cachedMeasurements': (number);
  'calibratedImageSizes': (number)[];
}
