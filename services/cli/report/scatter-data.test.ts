import { describe, expect, it } from 'vitest';
import { buildTrial } from './sketched-messages.js';
import { scatterData } from './scatter-data.js';

const S = 'search-a';

describe('scatterData', () => {
  it('has one point per completed trial with accuracy and latency, and counts the rest', () => {
    const trials = [
      buildTrial(S, { index: 0, baseline: true, accuracy: 0.84, latencyMs: 21 }),
      buildTrial(S, { index: 1, accuracy: 0.8, latencyMs: 12 }),
      buildTrial(S, { index: 2, state: 'TRIAL_STATE_EARLYSTOPPED', accuracy: 0.7, latencyMs: 30 }),
      buildTrial(S, { index: 3, state: 'TRIAL_STATE_FAILED', latencyMs: 9 }),
      buildTrial(S, { index: 4, state: 'TRIAL_STATE_KILLED' }),
      buildTrial(S, { index: 5, state: 'TRIAL_STATE_RUNNING' }),
      buildTrial(S, { index: 6, accuracy: 0.81 }), // succeeded, latency never measured
    ];
    const data = scatterData(trials, [], 'OBJECTIVE_VERIFICATION');
    expect(data.points.map((p) => p.trialId)).toEqual(['trial-0000', 'trial-0001', 'trial-0002']);
    expect(data.points[0]).toMatchObject({ baseline: true, accuracy: 0.84, latencyMs: 21 });
    expect(data.unplotted).toEqual({ failed: 1, killed: 1, pending: 1, withoutMetrics: 1 });
  });

  it('orders the given front by latency and ignores ids that have no point', () => {
    const trials = [
      buildTrial(S, { index: 0, accuracy: 0.9, latencyMs: 30 }),
      buildTrial(S, { index: 1, accuracy: 0.7, latencyMs: 10 }),
      buildTrial(S, { index: 2, accuracy: 0.8, latencyMs: 20 }),
    ];
    const data = scatterData(trials, ['trial-0000', 'trial-0001', 'trial-0002', 'trial-9999'], 'OBJECTIVE_VERIFICATION');
    expect(data.front.map((p) => p.trialId)).toEqual(['trial-0001', 'trial-0002', 'trial-0000']);
    expect(data.points.every((p) => p.onFront)).toBe(true);
  });

  it('leaves out a completed trial whose accuracy or latency is NaN', () => {
    const scored = buildTrial(S, { index: 0, accuracy: 0.8, latencyMs: 10 });
    const broken = { ...scored, accuracy: Number.NaN, hasReward: false, metrics: { ...scored.metrics!, verificationAccuracy: Number.NaN } };
    const slow = buildTrial(S, { index: 1, accuracy: 0.8, latencyMs: 10 });
    const noLatency = { ...slow, id: 'trial-0002', latency: { ...slow.latency!, medianMs: Number.NaN } };
    const data = scatterData([broken, noLatency], [], 'OBJECTIVE_VERIFICATION');
    expect(data.points).toEqual([]);
    expect(data.unplotted.withoutMetrics).toBe(2);
  });
});
