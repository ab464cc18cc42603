import { describe, expect, it } from 'vitest';
import { parseOptions, UsageError } from './options.js';
import { commonServiceOptions } from './service-options.js';

const specs = commonServiceOptions('dataset');

describe('service options', () => {
  it('takes defaults, then the environment, then flags', () => {
    expect(parseOptions(specs, [], {}).values.grpcPort).toBe(50052);
    expect(parseOptions(specs, [], { FACENAS_GRPC_PORT: '6000' }).values.grpcPort).toBe(6000);
    expect(parseOptions(specs, ['--grpc-port', '7000'], { FACENAS_GRPC_PORT: '6000' }).values.grpcPort).toBe(7000);
    expect(parseOptions(specs, ['--nats', 'nats://10.0.0.1:4222'], {}).values.nats).toBe('nats://10.0.0.1:4222');
    expect(parseOptions(specs, [], { NATS_URL: 'nats://n:4222' }).values.nats).toBe('nats://n:4222');
  });

  it('names the flag and the bad value', () => {
    expect(() => parseOptions(specs, ['--grpc-port', 'abc'], {})).toThrow(UsageError);
    expect(() => parseOptions(specs, ['--grpc-port', 'abc'], {})).toThrow(/^--grpc-port: .*got "abc"$/);
    expect(() => parseOptions(specs, ['--metrics-port', '70000'], {})).toThrow(/^--metrics-port: must be a port in 0\.\.65535, got "70000"$/);
    expect(() => parseOptions(specs, [], { FACENAS_GRPC_PORT: '-1' })).toThrow(/^FACENAS_GRPC_PORT \(environment\): must be a port/);
    expect(() => parseOptions(specs, ['--nats', 'http://x'], {})).toThrow(/^--nats: must be a NATS URL/);
    expect(() => parseOptions(specs, ['--log-level', 'loud'], {})).toThrow(/^--log-level: /);
  });

  it('rejects unknown flags in one line', () => {
    let message = '';
    try {
      parseOptions(specs, ['--frobnicate'], {});
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/^arguments: Unknown option '--frobnicate'/);
    expect(message).not.toContain('\n');
  });
});
