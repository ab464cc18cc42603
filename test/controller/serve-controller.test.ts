import * as grpc from '@grpc/grpc-js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseOptions, UsageError } from '../../services/common/config/options.js';
import { commonServiceOptions } from '../../services/common/config/service-options.js';
import type { SearchServiceClient } from '../../services/common/generated/facenas/v1/SearchService.js';
import { createClient, unary } from '../../services/common/grpc/client.js';
import { checkHealth } from '../../services/common/grpc/health-client.js';
import { facenasGrpc } from '../../services/common/grpc/proto-package.js';
import { createLogger } from '../../services/common/logging/logger.js';
import { createServiceRegistry } from '../../services/common/metrics/registry.js';
import { hostService, type HostedService } from '../../services/common/service/service-host.js';
import { CONTROLLER_OPTIONS, controllerServeEntry } from '../../services/controller/serve-controller.js';
import { testSpec, until } from '../support/controller-harness.js';
import { freePort } from '../support/nats-server.js';
import { AGENT_DEVICE, AGENT_IMAGE_SIZE, startProfilerWithAgent, type ProfilerWithAgent } from './profiler-with-agent.js';

// `facenas serve controller` as its entry: options, health, and search state that
// survives a restart in --data-dir.

const logger = createLogger('test', 'silent');
let profiler: ProfilerWithAgent;

beforeAll(async () => {
  profiler = await startProfilerWithAgent();
});
afterAll(async () => {
  await profiler?.stop();
});

function options(argv: string[]) {
  return parseOptions({ ...commonServiceOptions('controller'), ...CONTROLLER_OPTIONS }, ['--host', '127.0.0.1', '--grpc-port', '0', '--metrics-port', '0', ...argv], {}).values;
}

async function host(argv: string[]): Promise<HostedService> {
  const registry = createServiceRegistry('controller', { defaultMetrics: false });
  const parts = await controllerServeEntry.start({ options: options(argv), logger, registry });
  return hostService({ name: 'controller', logger, registry, host: '127.0.0.1', grpcPort: 0, metricsPort: 0, shutdownGraceMs: 200 }, parts);
}

describe('facenas serve controller (entry)', () => {
  it('checks its options, naming the flag', async () => {
    const start = (argv: string[]) => controllerServeEntry.start({ options: options(argv), logger, registry: createServiceRegistry('controller', { defaultMetrics: false }) });
    await expect(start([])).rejects.toThrow(new UsageError('--profiler', 'required: HOST:PORT of the latency profiler'));
    await expect(start(['--profiler', profiler.address, '--artifacts', 's3://bucket'])).rejects.toThrow('--artifacts: must be a file:// folder or nats-object://<bucket>');
    expect(() => options(['--max-parallel-limit', '0'])).toThrow('--max-parallel-limit: must be at least 1, got "0"');
    expect(() => options(['--profiler', 'nohost'])).toThrow('--profiler: must be HOST:PORT');
  });

  it('stays NOT_SERVING, answering UNAVAILABLE, while its bus is not connected', async () => {
    const hosted = await host(['--profiler', profiler.address, '--nats', `nats://127.0.0.1:${await freePort()}`]);
    const address = `127.0.0.1:${hosted.grpcPort}`;
    const client = createClient<SearchServiceClient>(facenasGrpc().SearchService, address);
    try {
      expect(await checkHealth(address, 'facenas.v1.SearchService')).toBe('NOT_SERVING');
      const err = (await unary(client, client.listSearches, {}).catch((e: unknown) => e)) as grpc.ServiceError;
      expect(err.code).toBe(grpc.status.UNAVAILABLE);
      expect(err.details).toContain('still connecting to the bus');
      await expect(hosted.ready).rejects.toThrow('cannot connect to NATS');
      expect(await checkHealth(address, 'facenas.v1.SearchService')).toBe('NOT_SERVING');
    } finally {
      client.close();
      await hosted.stop();
    }
  });

  it('serves once its searches are restored, and keeps them in --data-dir across a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'facenas-serve-controller-'));
    const argv = ['--profiler', profiler.address, '--data-dir', dataDir];
    try {
      const first = await host(argv);
      await first.ready;
      const address1 = `127.0.0.1:${first.grpcPort}`;
      expect(await checkHealth(address1, 'facenas.v1.SearchService')).toBe('SERVING');
      const client1 = createClient<SearchServiceClient>(facenasGrpc().SearchService, address1);
      // No trainer is attached to this controller's private bus: the trials wait, created.
      const spec = testSpec({ maxTrials: 3, parallelTrials: 2, reward: { ...testSpec().reward!, device: AGENT_DEVICE, imageSize: AGENT_IMAGE_SIZE } });
      const { searchId } = await unary(client1, client1.startSearch, { spec });
      await until(async () => (await unary(client1, client1.listTrials, { searchId })).trials.every((t) => t.latency?.source === 'LATENCY_SOURCE_MEASURED'), 'latencies measured');
      const before = (await unary(client1, client1.listTrials, { searchId })).trials;
      expect(before.map((t) => [t.id, t.state, t.modelUri])).toEqual([
        ['trial-0000', 'TRIAL_STATE_CREATED', ''],
        ['trial-0001', 'TRIAL_STATE_CREATED', ''],
      ]);
      client1.close();
      await first.stop();

      const second = await host(argv);
      await second.ready;
      const client2 = createClient<SearchServiceClient>(facenasGrpc().SearchService, `127.0.0.1:${second.grpcPort}`);
      const { search } = await unary(client2, client2.getSearch, { searchId });
      expect(search).toMatchObject({ state: 'SEARCH_STATE_RUNNING', trialsCreated: 2 });
      expect((await unary(client2, client2.listTrials, { searchId })).trials).toEqual(before);
      client2.close();
      await second.stop();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
