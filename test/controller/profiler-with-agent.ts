import type { Bus } from '../../services/common/bus/bus.js';
import { createMemoryBus } from '../../services/common/bus/memory-bus.js';
import { startGrpcServer, type GrpcServerHandle } from '../../services/common/grpc/server.js';
import { createLogger } from '../../services/common/logging/logger.js';
import { createServiceRegistry } from '../../services/common/metrics/registry.js';
import { startAgentEngine } from '../../services/profiler/agent/agent-engine.js';
import { LatencyAgent } from '../../services/profiler/agent/latency-agent.js';
import { TfjsRunner } from '../../services/profiler/agent/tfjs-runner.js';
import { DEFAULT_MEASUREMENT } from '../../services/profiler/latency-profiler.js';
import { createProfilerParts, type ProfilerParts } from '../../services/profiler/profiler-parts.js';
import { searchSpaceCatalog } from '../../services/profiler/search-space-catalog.js';
import { LATENCY_BUCKET } from '../../services/profiler/serve-profiler.js';

// A real profiler on a loopback port with one real agent in this process, timing real
// models on the wasm backend at a tiny size with few runs, so controller tests get real
// latencies in well under a second each.

export const AGENT_DEVICE = 'edge-oracle';
export const AGENT_IMAGE_SIZE = 32;

export interface ProfilerWithAgent {
  address: string;
  /** Where the profiler keeps its cache and tables (LATENCY_BUCKET). */
  bus: Bus;
  agent: LatencyAgent;
  stop(): Promise<void>;
}

export async function startProfilerWithAgent(): Promise<ProfilerWithAgent> {
  const logger = createLogger('profiler', 'silent');
  const bus = createMemoryBus();
  const parts: ProfilerParts = createProfilerParts({
    kv: await bus.kv(LATENCY_BUCKET),
    catalog: searchSpaceCatalog(),
    tokens: null,
    logger,
    registry: createServiceRegistry('profiler', { defaultMetrics: false }),
    defaults: { ...DEFAULT_MEASUREMENT, imageSize: AGENT_IMAGE_SIZE, warmupRuns: 1, runs: 3 },
  });
  const server: GrpcServerHandle = await startGrpcServer({ services: parts.bindings, port: 0, host: '127.0.0.1', logger });
  const address = `127.0.0.1:${server.port}`;
  const agent = new LatencyAgent({ profiler: address, deviceName: AGENT_DEVICE, runner: new TfjsRunner(await startAgentEngine(1)), logger });
  agent.start();
  await agent.welcomed();
  return {
    address,
    bus,
    agent,
    async stop() {
      await agent.stop();
      await parts.stop?.();
      await server.shutdown(200);
      await bus.close();
    },
  };
}
