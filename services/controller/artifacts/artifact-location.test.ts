import { describe, expect, it } from 'vitest';
import { artifactLocation, defaultArtifactBase } from './artifact-location.js';

describe('artifact location', () => {
  it('puts each trial under <base>/<search>/<trial>', () => {
    expect(artifactLocation('file:///var/facenas/models/')('s-1', 'trial-0003')).toBe('file:///var/facenas/models/s-1/trial-0003');
    expect(artifactLocation('nats-object://facenas_models')('s-1', 'trial-0003')).toBe('nats-object://facenas_models/s-1/trial-0003');
    expect(defaultArtifactBase(true, '/data')).toBe('nats-object://facenas_models');
    expect(defaultArtifactBase(false, '/data/run')).toBe('file:///data/run/models');
  });

  it('rejects other places, naming the option', () => {
    expect(() => artifactLocation('s3://bucket/models')).toThrow('--artifacts: must be a file:// folder or nats-object://<bucket>');
    expect(() => artifactLocation('file:///')).toThrow('--artifacts: must name an absolute folder');
    expect(() => artifactLocation('nats-object://bad bucket', 'spec.artifacts')).toThrow('spec.artifacts: must be nats-object://<bucket>');
  });
});
