import { describe, expect, it } from 'vitest';
import { mnasReward, resolveRewardParameters, rewardForSpec } from './mnas-reward.js';

const soft = resolveRewardParameters({ constraint: 'REWARD_CONSTRAINT_SOFT', alpha: 0, beta: 0, targetLatencyMs: 20 });
const hard = resolveRewardParameters({ constraint: 'REWARD_CONSTRAINT_HARD', alpha: 0, beta: 0, targetLatencyMs: 20 });

describe('MnasNet reward', () => {
  it('soft: accuracy × (lat/T)^−0.07 on both sides of T', () => {
    // 10 ms, T = 20: 0.9 × 0.5^−0.07 = 0.9 × 2^0.07 = 0.9 × 1.04971668… = 0.94474501…
    expect(mnasReward(0.9, 10, soft)).toBeCloseTo(0.944745, 6);
    expect(mnasReward(0.9, 20, soft)).toBe(0.9);
    // 40 ms: 0.9 × 2^−0.07 = 0.9 × 0.95263799… = 0.85737419…
    expect(mnasReward(0.9, 40, soft)).toBeCloseTo(0.857374, 6);
  });

  it('hard: unchanged up to T, then accuracy × T / latency', () => {
    expect(mnasReward(0.9, 10, hard)).toBe(0.9);
    expect(mnasReward(0.9, 20, hard)).toBe(0.9);
    expect(mnasReward(0.9, 40, hard)).toBe(0.45);
    expect(mnasReward(0.8, 25, hard)).toBeCloseTo(0.64, 15);
  });

  it('custom: alpha below T, beta above', () => {
    const custom = resolveRewardParameters({ constraint: 'REWARD_CONSTRAINT_CUSTOM', alpha: -0.5, beta: -2, targetLatencyMs: 10 });
    expect(mnasReward(1, 2.5, custom)).toBeCloseTo(2, 15); // 0.25^−0.5
    expect(mnasReward(1, 20, custom)).toBeCloseTo(0.25, 15); // 2^−2
  });

  it('treats UNSPECIFIED as soft', () => {
    expect(resolveRewardParameters({ constraint: 'REWARD_CONSTRAINT_UNSPECIFIED', alpha: 0, beta: 0, targetLatencyMs: 5 })).toEqual({
      alpha: -0.07,
      beta: -0.07,
      targetLatencyMs: 5,
    });
  });

  it('rejects bad targets and exponents, naming the field', () => {
    expect(() => resolveRewardParameters({ constraint: 'REWARD_CONSTRAINT_SOFT', alpha: 0, beta: 0, targetLatencyMs: 0 })).toThrow(
      'spec.reward.targetLatencyMs: must be a positive, finite latency in ms, got 0',
    );
    expect(() => resolveRewardParameters({ constraint: 'REWARD_CONSTRAINT_HARD', alpha: 0, beta: 0, targetLatencyMs: Infinity })).toThrow(
      'spec.reward.targetLatencyMs',
    );
    expect(() => resolveRewardParameters({ constraint: 'REWARD_CONSTRAINT_CUSTOM', alpha: NaN, beta: -1, targetLatencyMs: 5 })).toThrow(
      'spec.reward.alpha: must be a finite exponent, got NaN',
    );
    expect(() => resolveRewardParameters({ constraint: 'REWARD_CONSTRAINT_SOFT', alpha: -0.1, beta: 0, targetLatencyMs: 5 })).toThrow(
      'spec.reward.alpha: is read only with constraint REWARD_CONSTRAINT_CUSTOM',
    );
    expect(() => mnasReward(0.9, 0, soft)).toThrow('latencyMs: must be a positive latency, got 0');
  });

  it('scores a trial under its search\'s RewardSpec', () => {
    const spec = { alpha: 0, beta: 0, targetLatencyMs: 20, device: 'pixel', allowPredictedLatency: false, imageSize: 112 };
    // hard, 30 ms against T = 20: 0.95 × (30/20)^−1 = 0.95 × 2/3 = 0.63333…
    expect(rewardForSpec(0.95, 30, { ...spec, constraint: 'REWARD_CONSTRAINT_HARD' })).toBeCloseTo(0.633333, 6);
    // soft, 5 ms: 0.95 × 0.25^−0.07 = 0.95 × 4^0.07 = 0.95 × 1.10190… = 1.04681…
    expect(rewardForSpec(0.95, 5, { ...spec, constraint: 'REWARD_CONSTRAINT_SOFT' })).toBeCloseTo(1.046806, 5);
    expect(() => rewardForSpec(0.95, 5, { ...spec, constraint: 'REWARD_CONSTRAINT_SOFT', beta: -2 })).toThrow('spec.reward.beta');
  });
});
