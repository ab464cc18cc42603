import { describe, expect, it } from 'vitest';
import { buildTrial } from './sketched-messages.js';
import { trialAccuracy, trialLatencyMs, trialMadds, trialParameters, trialReward } from './trial-values.js';

const base = buildTrial('s', { index: 1, accuracy: 0.8, latencyMs: 12.5 });

describe('trial values', () => {
  it('reads the scored accuracy, latency and reward', () => {
    expect(trialAccuracy(base, 'OBJECTIVE_VERIFICATION')).toBe(0.8);
    expect(trialLatencyMs(base)).toBe(12.5);
    expect(trialReward(base)).toBe(base.reward);
    expect(trialParameters(base)).toBe(base.architecture?.parameters);
    expect(trialMadds(base)).toBe(base.architecture?.madds);
  });

  it("falls back to the objective's metric when the trial has no accuracy of its own", () => {
    const unscored = { ...base, hasReward: false, accuracy: 0, metrics: { ...base.metrics!, verificationAccuracy: 0.77, top1: 0.64 } };
    expect(trialAccuracy(unscored, 'OBJECTIVE_VERIFICATION')).toBe(0.77);
    expect(trialAccuracy(unscored, 'OBJECTIVE_TOP1')).toBe(0.64);
  });

  it('reads proto3 zeros as absent unless a reward vouches for the accuracy', () => {
    const zeros = { ...base, hasReward: false, accuracy: 0, reward: 0, metrics: null, latency: null, architecture: null };
    expect(trialAccuracy(zeros, 'OBJECTIVE_VERIFICATION')).toBeUndefined();
    expect(trialLatencyMs(zeros)).toBeUndefined();
    expect(trialReward(zeros)).toBeUndefined();
    expect(trialParameters(zeros)).toBeUndefined();
    expect(trialAccuracy({ ...base, accuracy: 0, reward: 0 }, 'OBJECTIVE_VERIFICATION')).toBe(0);
  });

  it('treats NaN as absent', () => {
    expect(trialReward({ ...base, reward: Number.NaN })).toBeUndefined();
    expect(trialLatencyMs({ ...base, latency: { ...base.latency!, medianMs: Number.NaN } })).toBeUndefined();
  });
});
