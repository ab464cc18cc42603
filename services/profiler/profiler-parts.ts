import type { Registry } from 'prom-client';
import type { KvStore } from '../common/bus/bus.js';
import { facenasGrpc } from '../common/grpc/proto-package.js';
import type { Logger } from '../common/logging/logger.js';
import type { ServiceParts } from '../common/service/service-host.js';
import { AgentGateway } from './agent-gateway.js';
import type { AgentTokens } from './agent-tokens.js';
import type { ArchitectureCatalog } from './architecture-catalog.js';
import { DEFAULT_MEASUREMENT, LatencyProfiler, type MeasurementDefaults } from './latency-profiler.js';
import { LatencyStore } from './latency-store.js';
import { MeasurementDispatcher } from './measurement-dispatcher.js';
import { profilerServiceImplementation } from './profiler-grpc.js';
import { profilerMetrics } from './profiler-metrics.js';

export interface ProfilerPartsOptions {
  kv: KvStore;
  catalog: ArchitectureCatalog;
  /** null: any agent may connect (logged as a warning). */
  tokens: AgentTokens | null;
  logger: Logger;
  registry: Registry;
  heartbeatIntervalMs?: number;
  heartbeatTimeoutMs?: number;
  /** How long a task whose device has no agent left waits for one before failing UNAVAILABLE. */
  orphanDeadlineMs?: number;
  defaults?: MeasurementDefaults;
}

export interface ProfilerParts extends ServiceParts {
  profiler: LatencyProfiler;
  dispatcher: MeasurementDispatcher;
  gateway: AgentGateway;
}

/** The profiler's gRPC services (ProfilerService + AgentService) and their shared state. */
export function createProfilerParts(options: ProfilerPartsOptions): ProfilerParts {
  const { logger, registry } = options;
  const metrics = profilerMetrics(registry);
  const dispatcher = new MeasurementDispatcher({ orphanDeadlineMs: options.orphanDeadlineMs ?? 120_000, logger, metrics });
  const profiler = new LatencyProfiler({
    catalog: options.catalog,
    store: new LatencyStore(options.kv),
    dispatcher,
    metrics,
    logger,
    defaults: options.defaults ?? DEFAULT_MEASUREMENT,
  });
  const heartbeatIntervalMs = options.heartbeatIntervalMs ?? 5_000;
  const gateway = new AgentGateway({
    dispatcher,
    tokens: options.tokens,
    logger,
    heartbeatIntervalMs,
    heartbeatTimeoutMs: options.heartbeatTimeoutMs ?? 3 * heartbeatIntervalMs,
  });
  if (!options.tokens) logger.warn('no agent tokens configured (--agent-tokens): any agent that can reach this port may connect');
  const grpcPkg = facenasGrpc();
  return {
    profiler,
    dispatcher,
    gateway,
    bindings: [
      { name: 'facenas.v1.ProfilerService', definition: grpcPkg.ProfilerService.service, implementation: profilerServiceImplementation(profiler, logger) },
      { name: 'facenas.v1.AgentService', definition: grpcPkg.AgentService.service, implementation: gateway.implementation() },
    ],
    async stop() {
      gateway.closeAll();
      dispatcher.close();
    },
  };
}
