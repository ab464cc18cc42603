import type { Logger } from '../logging/logger.js';
import type { Registry } from '../metrics/registry.js';
import type { OptionSpecs } from '../config/options.js';
import { UsageError } from '../config/options.js';
import type { ServeContext, ServeEntry } from './serve-entry.js';
import { hostService, type HostedService } from './service-host.js';

/**
 * Starts a service the way `facenas serve <name>` does, from its parsed options: the
 * entry's parts hosted with the TLS, message limit, ports and grace period the common
 * options ask for. The CLI and the tests that start services from flags share this.
 */
export async function startServeEntry<S extends OptionSpecs>(
  entry: ServeEntry<S>,
  options: ServeContext<S>['options'],
  logger: Logger,
  registry: Registry,
): Promise<HostedService> {
  if (Boolean(options.tlsCert) !== Boolean(options.tlsKey)) throw new UsageError('--tls-cert', 'TLS needs both --tls-cert and --tls-key');
  const parts = await entry.start({ options, logger, registry });
  return hostService(
    {
      name: entry.name,
      logger,
      registry,
      host: options.host,
      grpcPort: options.grpcPort,
      metricsPort: options.metricsPort,
      tls: options.tlsCert && options.tlsKey ? { certFile: options.tlsCert, keyFile: options.tlsKey, clientCaFile: options.tlsClientCa } : undefined,
      maxReceiveMessageBytes: options.maxMessageBytes,
      shutdownGraceMs: options.shutdownGraceMs,
    },
    parts,
  );
}
