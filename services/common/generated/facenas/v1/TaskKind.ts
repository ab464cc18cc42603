// Original file: protos/facenas/v1/agent.proto

export const TaskKind = {
  TASK_KIND_UNSPECIFIED: 'TASK_KIND_UNSPECIFIED',
  TASK_KIND_MODEL: 'TASK_KIND_MODEL',
  TASK_KIND_LAYERS: 'TASK_KIND_LAYERS',
} as const;

export type TaskKind =
  | 'TASK_KIND_UNSPECIFIED'
  | 0
  | 'TASK_KIND_MODEL'
  | 1
  | 'TASK_KIND_LAYERS'
  | 2

export type TaskKind__Output = typeof TaskKind[keyof typeof TaskKind]
