import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, NotFoundError, UnavailableError } from '../common/errors/errors.js';
import { classifyFailure, retryDelayMs } from './trial-failure.js';

describe('trial failure classification', () => {
  it('terminates jobs that are wrong in themselves', () => {
    expect(classifyFailure(new InvalidArgumentError('architecture.blocks.0.kernel', 'must be one of 3, 5, 7'))).toEqual({
      disposition: 'poison',
      reason: 'invalid_argument: architecture.blocks.0.kernel: must be one of 3, 5, 7',
    });
    expect(classifyFailure(new NotFoundError('dataset', 'folder:/nope')).disposition).toBe('poison');
  });

  it('retries an unavailable dependency, an exhausted heap and unknown errors', () => {
    expect(classifyFailure(new UnavailableError('dataset service at x:1 unavailable'))).toEqual({ disposition: 'retry', reason: 'unavailable: dataset service at x:1 unavailable' });
    expect(classifyFailure(new Error('RuntimeError: memory access out of bounds')).reason).toMatch(/^out_of_memory: /);
    expect(classifyFailure(new RangeError('Array buffer allocation failed')).disposition).toBe('retry');
    expect(classifyFailure(new Error('boom'))).toEqual({ disposition: 'retry', reason: 'internal: boom' });
  });

  it('backs off 5, 10, 20 s and caps at a minute', () => {
    expect([1, 2, 3, 8].map(retryDelayMs)).toEqual([5_000, 10_000, 20_000, 60_000]);
  });
});
