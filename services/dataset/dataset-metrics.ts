import { Counter, Gauge, type Registry } from 'prom-client';
import { registerOnce } from '../common/metrics/registry.js';

export interface DatasetMetrics {
  skipped: Counter<'format'>;
  streamed: Counter<'rpc'>;
}

/** The dataset service's metrics; the cache gauge reads `cachedBytes` at scrape time. */
export function datasetMetrics(registry: Registry, cachedBytes: () => number): DatasetMetrics {
  const skipped = registerOnce(
    registry,
    'facenas_dataset_images_skipped_total',
    () =>
      new Counter({
        name: 'facenas_dataset_images_skipped_total',
        help: 'Images left out because they could not be decoded or are not images, by dataset format.',
        labelNames: ['format'],
        registers: [registry],
      }),
  );
  const streamed = registerOnce(
    registry,
    'facenas_dataset_images_streamed_total',
    () =>
      new Counter({
        name: 'facenas_dataset_images_streamed_total',
        help: 'Images sent to clients, by RPC (StreamBatches, GetEvalSet).',
        labelNames: ['rpc'],
        registers: [registry],
      }),
  );
  registerOnce(
    registry,
    'facenas_dataset_image_cache_bytes',
    () =>
      new Gauge({
        name: 'facenas_dataset_image_cache_bytes',
        help: 'Bytes of decoded images held in the dataset image cache.',
        registers: [registry],
        collect() {
          this.set(cachedBytes());
        },
      }),
  );
  return { skipped, streamed };
}
