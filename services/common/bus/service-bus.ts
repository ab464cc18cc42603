import type { Logger } from '../logging/logger.js';
import type { CommonServiceValues } from '../service/serve-entry.js';
import type { Bus } from './bus.js';
import { createMemoryBus } from './memory-bus.js';
import { connectNatsBus } from './nats-bus.js';

/**
 * The bus a `facenas serve <service>` process talks through: NATS with the service's
 * credentials and TLS settings when --nats (NATS_URL) is given, else the in-memory bus
 * (persisted under `dataDir` when one is given).
 */
export async function openServiceBus(options: CommonServiceValues, clientName: string, logger: Logger, dataDir?: string): Promise<Bus> {
  if (!options.nats) return createMemoryBus({ dataDir, logger });
  return connectNatsBus({
    url: options.nats,
    name: clientName,
    user: options.natsUser,
    pass: options.natsPassword,
    token: options.natsToken,
    nkeySeedFile: options.natsNkeySeedFile,
    credsFile: options.natsCredsFile,
    tls: options.tlsCa ? { caFile: options.tlsCa } : undefined,
    logger,
  });
}
