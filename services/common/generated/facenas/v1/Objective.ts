// Original file: protos/facenas/v1/common.proto

export const Objective = {
  OBJECTIVE_UNSPECIFIED: 'OBJECTIVE_UNSPECIFIED',
  OBJECTIVE_VERIFICATION: 'OBJECTIVE_VERIFICATION',
  OBJECTIVE_TOP1: 'OBJECTIVE_TOP1',
} as const;

export type Objective =
  | 'OBJECTIVE_UNSPECIFIED'
  | 0
  | 'OBJECTIVE_VERIFICATION'
  | 1
  | 'OBJECTIVE_TOP1'
  | 2

export type Objective__Output = typeof Objective[keyof typeof Objective]
