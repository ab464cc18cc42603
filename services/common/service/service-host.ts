import type { Registry } from 'prom-client';
import type { Logger } from '../logging/logger.js';
import { startMetricsServer, type MetricsServer } from '../metrics/metrics-server.js';
import { startGrpcServer, type GrpcServerHandle, type GrpcServiceBinding } from '../grpc/server.js';
import type { ServerTlsOptions } from '../grpc/tls.js';
import type * as grpc from '@grpc/grpc-js';

/** What a service contributes to its host: gRPC services and how to start/stop its work. */
export interface ServiceParts {
  bindings: GrpcServiceBinding[];
  interceptors?: grpc.ServerInterceptor[];
  /** Resolves when the service's dependencies are up; the services then turn SERVING. */
  ready?: () => Promise<void>;
  /** Stops background work (consumers, timers) after the server stopped taking calls. */
  stop?: () => Promise<void>;
}

export interface HostOptions {
  name: string;
  logger: Logger;
  registry: Registry;
  host: string;
  grpcPort: number;
  /** null: no metrics endpoint (embedded mode serves one for all services). */
  metricsPort: number | null;
  tls?: ServerTlsOptions;
  maxReceiveMessageBytes?: number;
  shutdownGraceMs: number;
}

export interface HostedService {
  readonly name: string;
  readonly grpcPort: number;
  readonly metricsPort: number | null;
  readonly grpc: GrpcServerHandle;
  /** Resolves once the service is SERVING (its dependencies came up). */
  readonly ready: Promise<void>;
  stop(): Promise<void>;
}

/**
 * Runs one service: its gRPC server (health NOT_SERVING until `ready`), its /metrics
 * endpoint, and an orderly stop: NOT_SERVING, drain calls (forced after the grace
 * period), stop background work, close the metrics endpoint.
 */
export async function hostService(options: HostOptions, parts: ServiceParts): Promise<HostedService> {
  const grpcServer = await startGrpcServer({
    services: parts.bindings,
    port: options.grpcPort,
    host: options.host,
    logger: options.logger,
    registry: options.registry,
    tls: options.tls,
    maxReceiveMessageBytes: options.maxReceiveMessageBytes,
    interceptors: parts.interceptors,
  });
  let metrics: MetricsServer | null = null;
  try {
    metrics = options.metricsPort === null ? null : await startMetricsServer([options.registry], options.metricsPort, options.host);
  } catch (err) {
    await grpcServer.shutdown(0);
    throw err;
  }
  if (metrics) options.logger.info({ port: metrics.port }, 'metrics endpoint listening on /metrics');

  let stopped = false;
  const ready = (parts.ready ? parts.ready() : Promise.resolve()).then(() => {
    if (stopped) return;
    grpcServer.health.set('SERVING');
    options.logger.info({ service: options.name }, 'serving');
  });
  ready.catch((err: unknown) => options.logger.error({ err }, 'service failed to become ready'));

  let stopping: Promise<void> | null = null;
  return {
    name: options.name,
    grpcPort: grpcServer.port,
    metricsPort: metrics?.port ?? null,
    grpc: grpcServer,
    ready,
    stop() {
      stopping ??= (async () => {
        stopped = true;
        await grpcServer.shutdown(options.shutdownGraceMs);
        await parts.stop?.();
        await metrics?.close();
        options.logger.info({ service: options.name }, 'stopped');
      })();
      return stopping;
    },
  };
}

/**
 * Stops `stop` on SIGTERM/SIGINT, then exits. A second signal, or the hard limit,
 * exits at once so a stuck shutdown never hangs a pod's termination.
 */
export function stopOnSignals(stop: () => Promise<void>, logger: Logger, hardLimitMs: number): void {
  let signalled = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(130);
    }
    signalled = true;
    logger.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      logger.error({ hardLimitMs }, 'shutdown did not finish in time: exiting');
      process.exit(1);
    }, hardLimitMs);
    timer.unref();
    stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
