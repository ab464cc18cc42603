// Original file: protos/facenas/v1/search.proto

export const RewardConstraint = {
  REWARD_CONSTRAINT_UNSPECIFIED: 'REWARD_CONSTRAINT_UNSPECIFIED',
  REWARD_CONSTRAINT_SOFT: 'REWARD_CONSTRAINT_SOFT',
  REWARD_CONSTRAINT_HARD: 'REWARD_CONSTRAINT_HARD',
  REWARD_CONSTRAINT_CUSTOM: 'REWARD_CONSTRAINT_CUSTOM',
} as const;

export type RewardConstraint =
  | 'REWARD_CONSTRAINT_UNSPECIFIED'
  | 0
  | 'REWARD_CONSTRAINT_SOFT'
  | 1
  | 'REWARD_CONSTRAINT_HARD'
  | 2
  | 'REWARD_CONSTRAINT_CUSTOM'
  | 3

export type RewardConstraint__Output = typeof RewardConstraint[keyof typeof RewardConstraint]
