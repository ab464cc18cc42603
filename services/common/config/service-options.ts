import { z } from 'zod';
import { natsUrlSchema, optionalString, portSchema, type OptionSpec } from './options.js';

/** Default ports per service (gRPC, metrics). */
export const DEFAULT_PORTS = {
  controller: { grpc: 50051, metrics: 9451 },
  dataset: { grpc: 50052, metrics: 9452 },
  profiler: { grpc: 50053, metrics: 9453 },
  trainer: { grpc: 50054, metrics: 9454 },
  agent: { grpc: 0, metrics: 9455 },
} as const;

export type ServiceName = keyof typeof DEFAULT_PORTS;

/** Options every `facenas serve <service>` takes. */
export function commonServiceOptions(service: ServiceName) {
  const ports = DEFAULT_PORTS[service];
  return {
    host: {
      flag: 'host',
      env: 'FACENAS_HOST',
      kind: 'string',
      schema: z.string().min(1).default('0.0.0.0'),
      help: 'address to listen on',
      shownDefault: '0.0.0.0',
    } satisfies OptionSpec<string>,
    grpcPort: {
      flag: 'grpc-port',
      env: 'FACENAS_GRPC_PORT',
      kind: 'string',
      schema: portSchema(ports.grpc),
      help: 'gRPC port (0 = any free port)',
      shownDefault: String(ports.grpc),
    } satisfies OptionSpec<number>,
    metricsPort: {
      flag: 'metrics-port',
      env: 'FACENAS_METRICS_PORT',
      kind: 'string',
      schema: portSchema(ports.metrics),
      help: 'Prometheus /metrics port (0 = any free port)',
      shownDefault: String(ports.metrics),
    } satisfies OptionSpec<number>,
    nats: {
      flag: 'nats',
      env: 'NATS_URL',
      kind: 'string',
      schema: natsUrlSchema,
      help: 'NATS server with JetStream (without it: in-memory bus, one process)',
    } satisfies OptionSpec<string | undefined>,
    natsUser: { flag: 'nats-user', env: 'NATS_USER', kind: 'string', schema: optionalString, help: 'NATS user name' } satisfies OptionSpec<string | undefined>,
    natsPassword: { flag: 'nats-password', env: 'NATS_PASSWORD', kind: 'string', schema: optionalString, help: 'NATS password' } satisfies OptionSpec<string | undefined>,
    natsToken: { flag: 'nats-token', env: 'NATS_TOKEN', kind: 'string', schema: optionalString, help: 'NATS token' } satisfies OptionSpec<string | undefined>,
    natsNkeySeedFile: {
      flag: 'nats-nkey-seed-file',
      env: 'NATS_NKEY_SEED_FILE',
      kind: 'string',
      schema: optionalString,
      help: 'file holding an NKEY seed (SU...)',
    } satisfies OptionSpec<string | undefined>,
    natsCredsFile: { flag: 'nats-creds', env: 'NATS_CREDS', kind: 'string', schema: optionalString, help: 'NATS .creds file (JWT + seed)' } satisfies OptionSpec<string | undefined>,
    tlsCert: { flag: 'tls-cert', env: 'FACENAS_TLS_CERT', kind: 'string', schema: optionalString, help: 'server certificate (PEM) to serve gRPC over TLS' } satisfies OptionSpec<string | undefined>,
    tlsKey: { flag: 'tls-key', env: 'FACENAS_TLS_KEY', kind: 'string', schema: optionalString, help: 'server private key (PEM)' } satisfies OptionSpec<string | undefined>,
    tlsClientCa: {
      flag: 'tls-client-ca',
      env: 'FACENAS_TLS_CLIENT_CA',
      kind: 'string',
      schema: optionalString,
      help: 'require client certificates signed by this CA (mutual TLS)',
    } satisfies OptionSpec<string | undefined>,
    tlsCa: {
      flag: 'tls-ca',
      env: 'FACENAS_TLS_CA',
      kind: 'string',
      schema: optionalString,
      help: 'CA to verify the servers this service calls',
    } satisfies OptionSpec<string | undefined>,
    maxMessageBytes: {
      flag: 'max-message-bytes',
      env: 'FACENAS_MAX_MESSAGE_BYTES',
      kind: 'string',
      schema: z.coerce.number().int().min(1024, 'must be at least 1024').max(1024 ** 3, 'must be at most 1 GiB').default(16 * 1024 * 1024),
      help: 'largest gRPC request accepted',
      shownDefault: '16777216',
    } satisfies OptionSpec<number>,
    shutdownGraceMs: {
      flag: 'shutdown-grace-ms',
      env: 'FACENAS_SHUTDOWN_GRACE_MS',
      kind: 'string',
      schema: z.coerce.number().int().min(0).max(3_600_000).default(4_000),
      help: 'on SIGTERM, wait this long for calls to finish before forcing',
      shownDefault: '4000',
    } satisfies OptionSpec<number>,
    logLevel: {
      flag: 'log-level',
      env: 'LOG_LEVEL',
      kind: 'string',
      schema: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
      help: 'log level',
      shownDefault: 'info',
    } satisfies OptionSpec<string>,
  };
}
