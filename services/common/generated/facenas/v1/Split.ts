// Original file: protos/facenas/v1/dataset.proto

export const Split = {
  SPLIT_UNSPECIFIED: 'SPLIT_UNSPECIFIED',
  SPLIT_TRAIN: 'SPLIT_TRAIN',
} as const;

export type Split =
  | 'SPLIT_UNSPECIFIED'
  | 0
  | 'SPLIT_TRAIN'
  | 1

export type Split__Output = typeof Split[keyof typeof Split]
