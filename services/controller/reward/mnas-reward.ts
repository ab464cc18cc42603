// MnasNet's multi-objective reward (Tan et al. 2019, eq. 2):
//   reward = accuracy × (latency / T)^w,  w = alpha if latency ≤ T else beta.
// Soft constraint alpha = beta = −0.07 (a 2x slower net must be ~5% more accurate
// to tie); hard constraint alpha = 0, beta = −1 (free up to T, then reward falls
// like T / latency).

import { InvalidArgumentError, throwIfProblems } from '../../common/errors/errors.js';
import type { RewardSpec__Output } from '../../common/generated/facenas/v1/RewardSpec.js';

export interface RewardParameters {
  alpha: number;
  beta: number;
  targetLatencyMs: number;
}

export const SOFT_EXPONENT = -0.07;

export function mnasReward(accuracy: number, latencyMs: number, p: RewardParameters): number {
  if (!Number.isFinite(accuracy)) throw new InvalidArgumentError('accuracy', `must be finite, got ${accuracy}`);
  if (!(Number.isFinite(latencyMs) && latencyMs > 0)) throw new InvalidArgumentError('latencyMs', `must be a positive latency, got ${latencyMs}`);
  const w = latencyMs <= p.targetLatencyMs ? p.alpha : p.beta;
  return accuracy * Math.pow(latencyMs / p.targetLatencyMs, w);
}

/**
 * Reward parameters from the search's RewardSpec. UNSPECIFIED means soft (the
 * MnasNet default); alpha/beta are read only with REWARD_CONSTRAINT_CUSTOM and
 * must be 0 otherwise, so a forgotten constraint is an error rather than ignored.
 * `field` prefixes the field names in errors.
 */
export function resolveRewardParameters(spec: Pick<RewardSpec__Output, 'constraint' | 'alpha' | 'beta' | 'targetLatencyMs'>, field = 'spec.reward'): RewardParameters {
  const problems: InvalidArgumentError[] = [];
  const targetLatencyMs = spec.targetLatencyMs;
  if (!(Number.isFinite(targetLatencyMs) && targetLatencyMs > 0)) {
    problems.push(new InvalidArgumentError(`${field}.targetLatencyMs`, `must be a positive, finite latency in ms, got ${targetLatencyMs}`));
  }
  let alpha = SOFT_EXPONENT;
  let beta = SOFT_EXPONENT;
  switch (spec.constraint) {
    case 'REWARD_CONSTRAINT_UNSPECIFIED':
    case 'REWARD_CONSTRAINT_SOFT':
    case 'REWARD_CONSTRAINT_HARD':
      if (spec.constraint === 'REWARD_CONSTRAINT_HARD') {
        alpha = 0;
        beta = -1;
      }
      for (const key of ['alpha', 'beta'] as const) {
        if (spec[key] !== 0) problems.push(new InvalidArgumentError(`${field}.${key}`, `is read only with constraint REWARD_CONSTRAINT_CUSTOM (got ${spec.constraint})`));
      }
      break;
    case 'REWARD_CONSTRAINT_CUSTOM':
      alpha = spec.alpha;
      beta = spec.beta;
      for (const key of ['alpha', 'beta'] as const) {
        if (!Number.isFinite(spec[key])) problems.push(new InvalidArgumentError(`${field}.${key}`, `must be a finite exponent, got ${spec[key]}`));
      }
      break;
    default:
      problems.push(new InvalidArgumentError(`${field}.constraint`, `unknown constraint ${JSON.stringify(spec.constraint)}`));
  }
  throwIfProblems(problems);
  return { alpha, beta, targetLatencyMs };
}

/** The reward of a trial under its search's RewardSpec (the runner's RewardFunction). */
export function rewardForSpec(accuracy: number, latencyMs: number, spec: RewardSpec__Output): number {
  return mnasReward(accuracy, latencyMs, resolveRewardParameters(spec));
}
