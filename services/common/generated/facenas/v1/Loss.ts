// Original file: protos/facenas/v1/common.proto

export const Loss = {
  LOSS_UNSPECIFIED: 'LOSS_UNSPECIFIED',
  LOSS_SOFTMAX: 'LOSS_SOFTMAX',
  LOSS_ARCFACE: 'LOSS_ARCFACE',
  LOSS_COSFACE: 'LOSS_COSFACE',
} as const;

export type Loss =
  | 'LOSS_UNSPECIFIED'
  | 0
  | 'LOSS_SOFTMAX'
  | 1
  | 'LOSS_ARCFACE'
  | 2
  | 'LOSS_COSFACE'
  | 3

export type Loss__Output = typeof Loss[keyof typeof Loss]
