// Original file: protos/facenas/v1/dataset.proto


export interface StreamBatchesResponse {
  'epoch'?: (number);
  'index'?: (number);
  'batchesPerEpoch'?: (number);
  'count'?: (number);
  'imageSize'?: (number);
  'channels'?: (number);
  'images'?: (Buffer | Uint8Array | string);
  'labels'?: (number)[];
  'numClasses'?: (number);
}

export interface StreamBatchesResponse__Output {
  'epoch': (number);
  'index': (number);
  'batchesPerEpoch': (number);
  'count': (number);
  'imageSize': (number);
  'channels': (number);
  'images': (Buffer);
  'labels': (number)[];
  'numClasses': (number);
}
