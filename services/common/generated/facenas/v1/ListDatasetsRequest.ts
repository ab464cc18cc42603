// Original file: protos/facenas/v1/dataset.proto


export interface ListDatasetsRequest {
}

export interface ListDatasetsRequest__Output {
}
