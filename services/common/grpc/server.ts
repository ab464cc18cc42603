import * as grpc from '@grpc/grpc-js';
import { ReflectionService } from '@grpc/reflection';
import type { Registry } from 'prom-client';
import { UnavailableError } from '../errors/errors.js';
import type { Logger } from '../logging/logger.js';
import { HealthService } from './health.js';
import { malformedRequestInterceptor, tolerantDefinition } from './malformed-requests.js';
import { facenasPackageDefinition } from './proto-package.js';
import { serverMetricsInterceptor } from './server-metrics.js';
import { statusDetailsInterceptor } from './status-details.js';
import { serverCredentials, type ServerTlsOptions } from './tls.js';

export interface GrpcServiceBinding {
  /** Fully qualified, e.g. `facenas.v1.DatasetService`: the health and reflection name. */
  name: string;
  definition: grpc.ServiceDefinition;
  implementation: grpc.UntypedServiceImplementation;
}

export interface GrpcServerOptions {
  services: GrpcServiceBinding[];
  port: number;
  host?: string;
  logger: Logger;
  registry?: Registry;
  tls?: ServerTlsOptions;
  /** Largest request accepted (bytes); bigger ones get RESOURCE_EXHAUSTED before any handler runs. */
  maxReceiveMessageBytes?: number;
  maxSendMessageBytes?: number;
  /** Extra interceptors (e.g. authentication), run after the metrics one. */
  interceptors?: grpc.ServerInterceptor[];
}

export interface GrpcServerHandle {
  readonly port: number;
  readonly health: HealthService;
  readonly server: grpc.Server;
  /** NOT_SERVING, then a graceful shutdown that is forced after `graceMs`. */
  shutdown(graceMs?: number): Promise<void>;
}

export const DEFAULT_MAX_RECEIVE_BYTES = 16 * 1024 * 1024;

/**
 * Starts a gRPC server with grpc.health.v1 (every service NOT_SERVING until the caller
 * marks it SERVING once its dependencies are up), server reflection and RPC metrics.
 */
export async function startGrpcServer(options: GrpcServerOptions): Promise<GrpcServerHandle> {
  // grpc-js wraps each interceptor around the previous one, so the first ones sit next to
  // the wire: every status (the refusals of undecodable requests too) has its message made
  // safe to send, then is counted.
  const interceptors = [
    statusDetailsInterceptor(),
    ...(options.registry ? [serverMetricsInterceptor(options.registry)] : []),
    malformedRequestInterceptor(),
    ...(options.interceptors ?? []),
  ];
  const server = new grpc.Server({
    'grpc.max_receive_message_length': options.maxReceiveMessageBytes ?? DEFAULT_MAX_RECEIVE_BYTES,
    'grpc.max_send_message_length': options.maxSendMessageBytes ?? 64 * 1024 * 1024,
    // Idle streams (WatchSearch, agents) stay open through NATs and proxies.
    'grpc.keepalive_time_ms': 30_000,
    'grpc.keepalive_permit_without_calls': 1,
    interceptors,
  });
  const names = options.services.map((s) => s.name);
  const health = new HealthService(names);
  server.addService(tolerantDefinition(health.definition()), health.implementation());
  for (const service of options.services) server.addService(tolerantDefinition(service.definition), service.implementation);
  new ReflectionService(facenasPackageDefinition(), { services: names }).addToServer(server);

  const host = options.host ?? '0.0.0.0';
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(`${host}:${options.port}`, serverCredentials(options.tls), (err, bound) => {
      if (err) reject(new UnavailableError(`cannot listen on ${host}:${options.port}: ${err.message}`, { cause: err }));
      else resolve(bound);
    });
  });
  options.logger.info({ port, services: names, tls: Boolean(options.tls) }, 'gRPC server listening');

  let stopping: Promise<void> | null = null;
  return {
    port,
    health,
    server,
    shutdown(graceMs = 10_000) {
      stopping ??= new Promise<void>((resolve) => {
        health.set('NOT_SERVING');
        health.endWatches();
        const timer = setTimeout(() => {
          options.logger.warn({ graceMs }, 'graceful shutdown timed out; forcing');
          server.forceShutdown();
          resolve();
        }, graceMs);
        timer.unref();
        server.tryShutdown(() => {
          clearTimeout(timer);
          resolve();
        });
      });
      return stopping;
    },
  };
}
