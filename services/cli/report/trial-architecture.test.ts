import { describe, expect, it } from 'vitest';
import { buildTrial } from './sketched-messages.js';
import { MOBILEFACENET, architectureId } from '../../common/search-space/index.js';
import { trialArchitecture } from './trial-architecture.js';

describe('trialArchitecture', () => {
  const baseline = buildTrial('s', { index: 0, baseline: true, accuracy: 0.8, latencyMs: 20 });

  it('reads the JSON, or the decisions when there is no JSON', () => {
    expect(architectureId(trialArchitecture(baseline)!)).toBe(architectureId(MOBILEFACENET));
    const decisionsOnly = { ...baseline, architecture: { ...baseline.architecture!, json: '', id: '' } };
    expect(architectureId(trialArchitecture(decisionsOnly)!)).toBe(architectureId(MOBILEFACENET));
  });

  it('is undefined for a missing or invalid architecture', () => {
    expect(trialArchitecture({ ...baseline, architecture: null })).toBeUndefined();
    expect(trialArchitecture({ ...baseline, architecture: { ...baseline.architecture!, json: '{"space":"x"}' } })).toBeUndefined();
    expect(trialArchitecture({ ...baseline, architecture: { ...baseline.architecture!, json: '', decisions: [99] } })).toBeUndefined();
  });
});
