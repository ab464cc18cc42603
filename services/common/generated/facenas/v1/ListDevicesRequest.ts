// Original file: protos/facenas/v1/profiler.proto


export interface ListDevicesRequest {
}

export interface ListDevicesRequest__Output {
}
