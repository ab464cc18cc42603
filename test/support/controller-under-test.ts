import type { Bus } from '../../services/common/bus/bus.js';
import { createMemoryBus } from '../../services/common/bus/memory-bus.js';
import type { SearchServiceClient } from '../../services/common/generated/facenas/v1/SearchService.js';
import type { SearchSpec__Output } from '../../services/common/generated/facenas/v1/SearchSpec.js';
import { createClient } from '../../services/common/grpc/client.js';
import { facenasGrpc } from '../../services/common/grpc/proto-package.js';
import { createLogger } from '../../services/common/logging/logger.js';
import { createServiceRegistry } from '../../services/common/metrics/registry.js';
import { hostService, type HostedService } from '../../services/common/service/service-host.js';
import type { ControllerParts } from '../../services/controller/controller-parts.js';
import { profilerLatencyOracle } from '../../services/controller/latency/latency-oracle.js';
import type { SpecLimits } from '../../services/controller/spec/search-spec.js';
import { startController, testSpec } from './controller-harness.js';
import { IMAGE_SIZE, startProfilerUnderTest, VALID_DEVICE, type ProfilerUnderTest } from './profiler-under-test.js';
import { SimulatedTrainers } from './simulated-trainer.js';

// The controller as production wires it (createControllerParts, hosted like `facenas serve
// controller` hosts it), measuring every trial's latency through a real profiler with one
// agent (4.2 ms for every model), and simulated trainers on the same bus so the searches
// it runs make progress — trials keep completing and events keep flowing — while a test
// attacks it. `facenas serve controller` itself keeps its bus private, which leaves no
// trainer a way in.

export interface ControllerUnderTest {
  address: string;
  client: SearchServiceClient;
  hosted: HostedService;
  parts: ControllerParts;
  bus: Bus;
  trainers: SimulatedTrainers;
  profiler: ProfilerUnderTest;
  stop(): Promise<void>;
}

export interface ControllerUnderTestOptions {
  limits: SpecLimits;
  /** How long each simulated training takes. */
  trainMs: number;
}

/** A spec that runs on the profiler's agent device: every trial gets a measured latency and a reward. */
export function agentDeviceSpec(overrides: Partial<SearchSpec__Output> = {}): SearchSpec__Output {
  const base = testSpec();
  return testSpec({ ...overrides, reward: { ...base.reward!, device: VALID_DEVICE, imageSize: IMAGE_SIZE, ...overrides.reward } });
}

export async function startControllerUnderTest(options: ControllerUnderTestOptions): Promise<ControllerUnderTest> {
  const profiler = await startProfilerUnderTest();
  const bus = createMemoryBus();
  const logger = createLogger('controller', 'silent');
  // One attempt with a short back-off: a profiler that refuses answers at once, and no
  // test here waits out the production retry schedule (about 30 s).
  const latency = profilerLatencyOracle({ address: profiler.address, logger, deadlineMs: 10_000, attempts: 2, backoffMs: 100 });
  const parts = await startController(bus, { latency, limits: options.limits, logger });
  const registry = createServiceRegistry('controller', { defaultMetrics: false });
  const hosted = await hostService({ name: 'controller', logger, registry, host: '127.0.0.1', grpcPort: 0, metricsPort: null, shutdownGraceMs: 200 }, parts);
  await hosted.ready;
  const trainers = await SimulatedTrainers.start({ bus, workers: 1, trainMs: options.trainMs });
  const address = `localhost:${hosted.grpcPort}`;
  const client = createClient<SearchServiceClient>(facenasGrpc().SearchService, address);
  return {
    address,
    client,
    hosted,
    parts,
    bus,
    trainers,
    profiler,
    async stop() {
      client.close();
      await trainers.stop();
      await hosted.stop();
      await bus.close();
      await profiler.stop();
    },
  };
}
