import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Bus } from '../../common/bus/bus.js';
import { createMemoryBus } from '../../common/bus/memory-bus.js';
import { MODELS_BUCKET, trainersConsumerSpec, trialsStreamSpec } from '../../common/bus/subjects.js';
import { initEngine, type EngineInfo } from '../../common/engine/engine.js';
import { CpuGate } from '../../common/runtime/cpu-gate.js';
import type { Logger } from '../../common/logging/logger.js';
import { startMetricsServer, type MetricsServer } from '../../common/metrics/metrics-server.js';
import { createServiceRegistry, type Registry } from '../../common/metrics/registry.js';
import { hostService, type HostedService } from '../../common/service/service-host.js';
import { artifactLocation } from '../../controller/artifacts/artifact-location.js';
import { createControllerParts, type ControllerParts } from '../../controller/controller-parts.js';
import { profilerLatencyOracle } from '../../controller/latency/latency-oracle.js';
import { createDatasetService } from '../../dataset/dataset-service.js';
import { LatencyAgent } from '../../profiler/agent/latency-agent.js';
import { exclusiveRunner } from '../../profiler/agent/exclusive-runner.js';
import { TfjsRunner } from '../../profiler/agent/tfjs-runner.js';
import { DEFAULT_MEASUREMENT } from '../../profiler/latency-profiler.js';
import { createProfilerParts } from '../../profiler/profiler-parts.js';
import { searchSpaceCatalog } from '../../profiler/search-space-catalog.js';
import { LATENCY_BUCKET } from '../../profiler/serve-profiler.js';
import { createTrainerMetrics } from '../../trainer/trainer-metrics.js';
import { TrainerWorker } from '../../trainer/trainer-worker.js';
import { ThreadedTrials } from '../../trainer/threaded-trials.js';

// Embedded mode: every service of facenas in this one process, each on its own
// loopback gRPC port exactly as it runs alone (so the CLI talks to the controller the
// way any client does), over one bus: in-memory and persisted in the run folder, or
// real NATS. The machine itself is a latency device, measured by a local agent.

/** The device name this machine's own agent announces. */
export const LOCAL_DEVICE = 'local';

export interface EmbeddedSystemOptions {
  /** Run folder: the bus state (`state/`) and trained models (`models/`) live in it. */
  runDir: string;
  /** Opens the bus; without it, the in-memory bus persisted under `<runDir>/state`. */
  openBus?: () => Promise<Bus>;
  trainers: number;
  logger: Logger;
  /** Port of the profiler, so agents of other devices can dial in (0 = any). */
  profilerPort?: number;
  /** Serve /metrics of every service here (null: none). */
  metricsPort?: number | null;
  /** Measurement protocol of the local agent (default: the profiler's, 10 warm-up + 50 runs). */
  measurement?: { warmupRuns: number; runs: number };
  /** ack_wait of the trainers' consumer (default 60 s). */
  ackWaitMs?: number;
}

export interface EmbeddedSystem {
  engine: EngineInfo;
  registry: Registry;
  controllerAddress: string;
  profilerAddress: string;
  datasetAddress: string;
  metricsPort: number | null;
  controller: ControllerParts;
  /** Hands running trials back to the queue and stops every service. */
  stop(): Promise<void>;
}

export async function startEmbeddedSystem(options: EmbeddedSystemOptions): Promise<EmbeddedSystem> {
  const { logger } = options;
  const host = '127.0.0.1';
  const stateDir = join(options.runDir, 'state');
  const modelsDir = join(options.runDir, 'models');
  mkdirSync(stateDir, { recursive: true });
  mkdirSync(modelsDir, { recursive: true });
  const engine = await initEngine();
  const gate = new CpuGate();
  const withNats = options.openBus !== undefined;
  const bus = options.openBus ? await options.openBus() : createMemoryBus({ dataDir: stateDir, logger });
  // One registry for all: metric names are distinct per service, gRPC ones registered once.
  const registry = createServiceRegistry('embedded');
  const stops: Array<() => Promise<void>> = [() => bus.close()];
  const host1 = (name: string, parts: Parameters<typeof hostService>[1], port = 0): Promise<HostedService> =>
    hostService({ name, logger: logger.child({ component: name }), registry, host, grpcPort: port, metricsPort: null, shutdownGraceMs: 1_000 }, parts);
  try {
    const datasetService = createDatasetService({ logger: logger.child({ component: 'dataset' }), registry });
    const dataset = await host1('dataset', { bindings: [datasetService], stop: () => datasetService.close() });
    stops.unshift(() => dataset.stop());

    const profilerParts = createProfilerParts({
      kv: await bus.kv(LATENCY_BUCKET),
      catalog: searchSpaceCatalog(),
      tokens: null,
      logger: logger.child({ component: 'profiler' }),
      registry,
      defaults: { ...DEFAULT_MEASUREMENT, ...options.measurement },
    });
    const profiler = await host1('profiler', profilerParts, options.profilerPort ?? 0);
    stops.unshift(() => profiler.stop());
    const profilerAddress = `${host}:${profiler.grpcPort}`;
    const agent = new LatencyAgent({
      profiler: profilerAddress,
      deviceName: LOCAL_DEVICE,
      runner: exclusiveRunner(new TfjsRunner({ backend: engine.backend, threads: engine.threads }), gate),
      logger: logger.child({ component: 'agent' }),
    });
    agent.start();
    stops.unshift(() => agent.stop());
    await agent.welcomed();

    const controllerParts = createControllerParts({
      bus,
      latency: profilerLatencyOracle({ address: profilerAddress, logger: logger.child({ component: 'controller' }) }),
      artifactUri: artifactLocation(withNats ? `nats-object://${MODELS_BUCKET}` : pathToFileURL(modelsDir).href),
      logger: logger.child({ component: 'controller' }),
      registry,
      deadLetterPollMs: 2_000,
    });
    const controller = await host1('controller', controllerParts);
    stops.unshift(() => controller.stop());
    await controller.ready;

    await bus.ensureStream(trialsStreamSpec());
    const metrics = createTrainerMetrics(registry);
    // Each trainer trains on a thread of its own (all cores in use), streaming from the
    // dataset service here so all share its image cache.
    const threads = Array.from({ length: options.trainers }, () => new ThreadedTrials({ backend: engine.backend, datasetAddress: `${host}:${dataset.grpcPort}`, gate: gate.buffer }, bus));
    stops.unshift(() => Promise.all(threads.map((t) => t.close())).then(() => undefined));
    const workers = threads.map(
      (thread, i) =>
        new TrainerWorker({
          bus,
          consumer: trainersConsumerSpec(null, options.ackWaitMs ?? 60_000),
          name: `trainer-${i}`,
          logger: logger.child({ component: 'trainer' }),
          metrics,
          // Ctrl-C should not wait for a trial: it is handed back and resumes with the run.
          graceMs: 0,
          runTrial: thread.run,
        }),
    );
    for (const w of workers) await w.start();
    stops.unshift(() => Promise.all(workers.map((w) => w.stop())).then(() => undefined));

    let metricsServer: MetricsServer | null = null;
    if (options.metricsPort !== null && options.metricsPort !== undefined) {
      metricsServer = await startMetricsServer([registry], options.metricsPort, host);
      stops.unshift(() => metricsServer!.close());
    }
    return {
      engine,
      registry,
      controllerAddress: `${host}:${controller.grpcPort}`,
      profilerAddress,
      datasetAddress: `${host}:${dataset.grpcPort}`,
      metricsPort: metricsServer?.port ?? null,
      controller: controllerParts,
      stop: () => runStops(stops, logger),
    };
  } catch (err) {
    await runStops(stops, logger);
    throw err;
  }
}

async function runStops(stops: Array<() => Promise<void>>, logger: Logger): Promise<void> {
  for (const stop of stops.splice(0)) {
    try {
      await stop();
    } catch (err) {
      logger.warn({ err }, 'stopping an embedded service failed');
    }
  }
}
