import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { expect } from 'vitest';
import type { MeasurementResult } from '../../services/common/generated/facenas/v1/MeasurementResult.js';
import type { ProfilerServiceClient } from '../../services/common/generated/facenas/v1/ProfilerService.js';
import { createClient, unary } from '../../services/common/grpc/client.js';
import { facenasGrpc } from '../../services/common/grpc/proto-package.js';
import { createLogger } from '../../services/common/logging/logger.js';
import { decode, DECISION_COUNT, toArchitectureMessage } from '../../services/common/search-space/index.js';
import type { Architecture } from '../../services/common/generated/facenas/v1/Architecture.js';
import { LatencyAgent } from '../../services/profiler/agent/latency-agent.js';
import type { MeasurementRunner } from '../../services/profiler/agent/measurement-runner.js';
import { profilerServeEntry } from '../../services/profiler/serve-profiler.js';
import type { ServiceUnderTest } from './bad-input.js';
import { serveFromFlags, type ServedService } from './served-service.js';

// The profiler as `facenas serve profiler` runs it (agent tokens from a file, cache in a
// data folder), with one well-behaved in-process agent whose work proves the service
// still does its job after each hostile request.

export const FLEET_TOKEN = 'fleet-token-under-test-000001';
export const VALID_DEVICE = 'edge-valid';
export const IMAGE_SIZE = 32;

/** Answers every MODEL task with 4.2 ms, counting them. */
export class ConstantRunner implements MeasurementRunner {
  readonly backend = 'constant';
  readonly threads = 1;
  tasks = 0;
  async run(): Promise<Omit<MeasurementResult, 'taskId'>> {
    this.tasks += 1;
    return { latency: { medianMs: 4.2, p90Ms: 4.5, meanMs: 4.3, stdMs: 0.1, runs: 7 } };
  }
}

/** The smallest corner of the space (every decision 0), as a request carries it. */
export function smallestArchitecture(imageSize = IMAGE_SIZE): Architecture {
  return toArchitectureMessage(decode(new Array<number>(DECISION_COUNT).fill(0)), imageSize);
}

export interface ProfilerUnderTest {
  served: ServedService;
  address: string;
  client: ProfilerServiceClient;
  runner: ConstantRunner;
  agent: LatencyAgent;
  target: ServiceUnderTest;
  stop(): Promise<void>;
}

export async function startProfilerUnderTest(
  options: { flags?: string[]; logger?: Logger; agentLogger?: Logger; tokens?: string } = {},
): Promise<ProfilerUnderTest> {
  const dir = mkdtempSync(join(tmpdir(), 'facenas-profiler-under-test-'));
  const tokensFile = join(dir, 'agent-tokens');
  writeFileSync(tokensFile, options.tokens ?? `${FLEET_TOKEN} *\n`);
  const served = await serveFromFlags(
    profilerServeEntry,
    ['--data-dir', join(dir, 'data'), '--agent-tokens', tokensFile, '--image-size', String(IMAGE_SIZE), '--heartbeat-interval-ms', '200', '--heartbeat-timeout-ms', '3000', ...(options.flags ?? [])],
    { logger: options.logger },
  );
  await served.hosted.ready;
  const client = createClient<ProfilerServiceClient>(facenasGrpc().ProfilerService, served.address);
  const runner = new ConstantRunner();
  const agent = new LatencyAgent({
    profiler: served.address,
    deviceName: VALID_DEVICE,
    token: FLEET_TOKEN,
    runner,
    logger: options.agentLogger ?? createLogger('agent', 'silent'),
    backoff: { initialMs: 50, maxMs: 200, multiplier: 2 },
    heartbeatIntervalMs: 200,
  });
  agent.start();
  await agent.welcomed();
  const target: ServiceUnderTest = {
    service: 'facenas.v1.ProfilerService',
    address: served.address,
    // bypass_cache: the answer has to come from the agent, so dispatching still works too.
    validCall: async () => {
      const before = runner.tasks;
      const measured = await unary(client, client.measureLatency, { architecture: smallestArchitecture(), device: VALID_DEVICE, bypassCache: true }, { deadlineMs: 10_000 });
      expect(measured.latency).toMatchObject({ medianMs: 4.2, source: 'LATENCY_SOURCE_MEASURED', device: VALID_DEVICE });
      expect(runner.tasks).toBe(before + 1);
    },
  };
  return {
    served,
    address: served.address,
    client,
    runner,
    agent,
    target,
    async stop() {
      await agent.stop();
      client.close();
      await served.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
