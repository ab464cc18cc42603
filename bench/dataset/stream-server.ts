/**
 * A DatasetService on a loopback port for stream-bench.ts, in its own process so
 * server and client do not share one event loop. Prints {"port": N} when listening.
 *   node --import tsx bench/dataset/stream-server.ts [--cache-mb 512]
 */
import { parseArgs } from 'node:util';
import { startGrpcServer } from '../../services/common/grpc/server.js';
import { createLogger } from '../../services/common/logging/logger.js';
import { createServiceRegistry } from '../../services/common/metrics/registry.js';
import { createDatasetService } from '../../services/dataset/dataset-service.js';

const { values } = parseArgs({ options: { 'cache-mb': { type: 'string', default: '512' } } });
const logger = createLogger('dataset', 'silent');
const registry = createServiceRegistry('dataset', { defaultMetrics: false });
const service = createDatasetService({ logger, registry, cacheBytes: Number(values['cache-mb']) * 2 ** 20 });
const server = await startGrpcServer({ services: [service], port: 0, host: '127.0.0.1', logger, registry });
server.health.set('SERVING');
console.log(JSON.stringify({ port: server.port }));
process.on('SIGTERM', () => {
  void server
    .shutdown(1000)
    .then(() => service.close())
    .finally(() => process.exit(0));
});
