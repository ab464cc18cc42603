import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseOptions } from '../../services/common/config/options.js';
import { commonServiceOptions } from '../../services/common/config/service-options.js';
import type { ProfilerServiceClient } from '../../services/common/generated/facenas/v1/ProfilerService.js';
import { createClient, unary } from '../../services/common/grpc/client.js';
import { facenasGrpc } from '../../services/common/grpc/proto-package.js';
import { createLogger } from '../../services/common/logging/logger.js';
import { createServiceRegistry } from '../../services/common/metrics/registry.js';
import { hostService } from '../../services/common/service/service-host.js';
import { LatencyAgent } from '../../services/profiler/agent/latency-agent.js';
import type { MeasurementRunner } from '../../services/profiler/agent/measurement-runner.js';
import { PROFILER_OPTIONS, profilerServeEntry } from '../../services/profiler/serve-profiler.js';
import { tinyArchitecture } from './profiler-fixture.js';

const logger = createLogger('test', 'silent');
const TOKEN = 'serve-entry-token-0000001';

/** Answers every MODEL task with 4.2 ms and counts them. */
class ConstantRunner implements MeasurementRunner {
  readonly backend = 'constant';
  readonly threads = 1;
  tasks = 0;
  async run() {
    this.tasks += 1;
    return { latency: { medianMs: 4.2, p90Ms: 4.5, meanMs: 4.3, stdMs: 0.1, runs: 7 } };
  }
}

async function startHosted(dataDir: string, tokensFile: string) {
  const specs = { ...commonServiceOptions('profiler'), ...PROFILER_OPTIONS };
  const { values } = parseOptions(specs, ['--host', '127.0.0.1', '--grpc-port', '0', '--metrics-port', '0', '--data-dir', dataDir, '--agent-tokens', tokensFile, '--image-size', '32'], {});
  const registry = createServiceRegistry('profiler', { defaultMetrics: false });
  const parts = await profilerServeEntry.start({ options: values, logger, registry });
  return hostService({ name: 'profiler', logger, registry, host: '127.0.0.1', grpcPort: 0, metricsPort: 0, shutdownGraceMs: 200 }, parts);
}

describe('facenas serve profiler (entry)', () => {
  it('serves both services, persists the cache in --data-dir across a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'facenas-serve-profiler-'));
    const tokensFile = join(dir, 'agent-tokens');
    writeFileSync(tokensFile, `# fleet\n${TOKEN} edge-*\n`);
    const runner = new ConstantRunner();

    const first = await startHosted(join(dir, 'data'), tokensFile);
    await first.ready;
    const address1 = `127.0.0.1:${first.grpcPort}`;
    const agent = new LatencyAgent({ profiler: address1, deviceName: 'edge-1', token: TOKEN, runner, logger });
    agent.start();
    await agent.welcomed();
    const client1 = createClient<ProfilerServiceClient>(facenasGrpc().ProfilerService, address1);
    const measured = await unary(client1, client1.measureLatency, { architecture: tinyArchitecture(32), device: 'edge-1' });
    expect(measured).toMatchObject({ cached: false, latency: { medianMs: 4.2, runs: 7, imageSize: 32 } });
    client1.close();
    await agent.stop();
    await first.stop();

    const second = await startHosted(join(dir, 'data'), tokensFile);
    await second.ready;
    const client2 = createClient<ProfilerServiceClient>(facenasGrpc().ProfilerService, `127.0.0.1:${second.grpcPort}`);
    const cached = await unary(client2, client2.measureLatency, { architecture: tinyArchitecture(32), device: 'edge-1' });
    expect(cached).toMatchObject({ cached: true, latency: { medianMs: 4.2, source: 'LATENCY_SOURCE_CACHED' } });
    expect((await unary(client2, client2.listDevices, {})).devices).toMatchObject([{ name: 'edge-1', agents: [], cachedMeasurements: 1 }]);
    expect(runner.tasks).toBe(1);
    client2.close();
    await second.stop();
  });
});
