import { afterAll, describe, expect, it } from 'vitest';
import { parseOptions } from '../../services/common/config/options.js';
import { commonServiceOptions } from '../../services/common/config/service-options.js';
import { unary } from '../../services/common/grpc/client.js';
import { checkHealth } from '../../services/common/grpc/health-client.js';
import { createLogger } from '../../services/common/logging/logger.js';
import { createServiceRegistry } from '../../services/common/metrics/registry.js';
import { hostService, type HostedService } from '../../services/common/service/service-host.js';
import { AGENT_OPTIONS } from '../../services/profiler/agent/agent-options.js';
import { agentServeEntry } from '../../services/profiler/agent/serve-agent.js';
import { startProfilerFixture, tinyArchitecture, type ProfilerFixture } from './profiler-fixture.js';

// `facenas serve agent` inside the service host: health turns SERVING once the profiler
// has welcomed it, and it measures.
let profiler: ProfilerFixture | undefined;
let hosted: HostedService | undefined;

afterAll(async () => {
  await hosted?.stop();
  await profiler?.stop();
});

describe('facenas serve agent (entry)', () => {
  it('connects with its token file and turns SERVING', async () => {
    profiler = await startProfilerFixture();
    const specs = { ...commonServiceOptions('agent'), ...AGENT_OPTIONS };
    const argv = ['--host', '127.0.0.1', '--grpc-port', '0', '--metrics-port', '0', '--profiler', profiler.address, '--device', 'edge-hosted', '--token-file', profiler.tokenFile];
    const { values } = parseOptions(specs, argv, {});
    const logger = createLogger('agent', 'silent');
    const registry = createServiceRegistry('agent', { defaultMetrics: false });
    const parts = await agentServeEntry.start({ options: values, logger, registry });
    hosted = await hostService({ name: 'agent', logger, registry, host: '127.0.0.1', grpcPort: 0, metricsPort: 0, shutdownGraceMs: 200 }, parts);
    await hosted.ready;
    expect(await checkHealth(`127.0.0.1:${hosted.grpcPort}`)).toBe('SERVING');
    const result = await unary(profiler.client, profiler.client.measureLatency, { architecture: tinyArchitecture(32), device: 'edge-hosted', imageSize: 32, warmupRuns: 1, runs: 3 });
    expect(result.latency).toMatchObject({ device: 'edge-hosted', runs: 3, source: 'LATENCY_SOURCE_MEASURED' });
  });

  it('rejects a bad flag naming it', () => {
    const specs = { ...commonServiceOptions('agent'), ...AGENT_OPTIONS };
    expect(() => parseOptions(specs, ['--profiler', 'nohost', '--device', 'x'], {})).toThrow(/^--profiler: must be HOST:PORT/);
    expect(() => parseOptions(specs, ['--profiler', 'h:1', '--device', 'x', '--clock', 'sundial'], {})).toThrow(/^--clock: /);
    expect(() => parseOptions(specs, ['--profiler', 'h:1'], {})).toThrow(/^--device: required/);
  });
});
