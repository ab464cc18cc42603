import type { Logger } from 'pino';
import { parseOptions, type OptionSpecs } from '../../services/common/config/options.js';
import { commonServiceOptions } from '../../services/common/config/service-options.js';
import { createLogger } from '../../services/common/logging/logger.js';
import { createServiceRegistry, type Registry } from '../../services/common/metrics/registry.js';
import type { ServeContext, ServeEntry } from '../../services/common/service/serve-entry.js';
import type { HostedService } from '../../services/common/service/service-host.js';
import { startServeEntry } from '../../services/common/service/start-serve-entry.js';

// A service started the way `facenas serve <name> <flags>` starts it: the common and the
// service's own flags parsed together, then hosted by the same startServeEntry as the CLI.

export interface ServedService {
  hosted: HostedService;
  registry: Registry;
  /** `localhost:<port>`: the name the test certificates are issued for. */
  address: string;
  stop(): Promise<void>;
}

export interface ServeOptions {
  logger?: Logger;
  /** Environment the flags fall back to (default: none, so the machine's own cannot leak in). */
  env?: NodeJS.ProcessEnv;
}

export async function serveFromFlags<S extends OptionSpecs>(entry: ServeEntry<S>, flags: readonly string[], options: ServeOptions = {}): Promise<ServedService> {
  const specs = { ...commonServiceOptions(entry.name), ...entry.options };
  const base = ['--host', '127.0.0.1', '--grpc-port', '0', '--metrics-port', '0', '--shutdown-grace-ms', '200'];
  const { values } = parseOptions(specs, [...base, ...flags], options.env ?? {});
  const context = values as unknown as ServeContext<S>['options'];
  const logger = options.logger ?? createLogger(entry.name, 'silent');
  const registry = createServiceRegistry(entry.name, { defaultMetrics: false });
  const hosted = await startServeEntry(entry, context, logger, registry);
  return { hosted, registry, address: `localhost:${hosted.grpcPort}`, stop: () => hosted.stop() };
}
