import type * as grpc from '@grpc/grpc-js';
import type { Registry } from 'prom-client';
import { InvalidArgumentError } from '../common/errors/errors.js';
import type { DatasetDescription } from '../common/generated/facenas/v1/DatasetDescription.js';
import type { DatasetServiceHandlers } from '../common/generated/facenas/v1/DatasetService.js';
import type { DescribeDatasetRequest__Output } from '../common/generated/facenas/v1/DescribeDatasetRequest.js';
import type { DescribeDatasetResponse } from '../common/generated/facenas/v1/DescribeDatasetResponse.js';
import type { GetEvalSetRequest__Output } from '../common/generated/facenas/v1/GetEvalSetRequest.js';
import type { GetEvalSetResponse } from '../common/generated/facenas/v1/GetEvalSetResponse.js';
import type { ListDatasetsRequest__Output } from '../common/generated/facenas/v1/ListDatasetsRequest.js';
import type { ListDatasetsResponse } from '../common/generated/facenas/v1/ListDatasetsResponse.js';
import type { StreamBatchesRequest__Output } from '../common/generated/facenas/v1/StreamBatchesRequest.js';
import type { StreamBatchesResponse } from '../common/generated/facenas/v1/StreamBatchesResponse.js';
import { unaryHandler } from '../common/grpc/handlers.js';
import { facenasGrpc } from '../common/grpc/proto-package.js';
import type { GrpcServiceBinding } from '../common/grpc/server.js';
import type { Logger } from '../common/logging/logger.js';
import { warmTrainingImages } from './cache-warmer.js';
import { DatasetCatalog } from './dataset-catalog.js';
import { datasetMetrics } from './dataset-metrics.js';
import { chunkImageCount, evalSetChunks, planEvalSet } from './eval-set.js';
import type { DatasetSummary } from './face-dataset.js';
import { PacedWriter } from './paced-writer.js';
import { streamHandler } from './stream-handler.js';
import type { SyntheticRendererFactory } from './sources/synthetic-dataset.js';
import { poolRenderer } from './sources/synthetic-renderer.js';
import { checkTrainingRequest, trainingBatches } from './training-batches.js';

export const DATASET_SERVICE_NAME = 'facenas.v1.DatasetService';

export interface DatasetServiceOptions {
  logger: Logger;
  registry: Registry;
  /** Datasets ListDatasets shows from the start (opened by `preload` or on first use). */
  datasets?: readonly string[];
  /** Budget of decoded images kept in memory (default 512 MiB). */
  cacheBytes?: number;
  /** Folders file datasets must lie in (unset: any path the process can read). */
  roots?: readonly string[];
  /** Default: worker threads, one per core. */
  syntheticRenderer?: SyntheticRendererFactory;
  /** Messages written but not yet taken by HTTP/2 before a stream waits (back-pressure). */
  maxPendingWrites?: number;
}

export interface DatasetServiceHandle extends GrpcServiceBinding {
  readonly catalog: DatasetCatalog;
  /**
   * Opens the configured datasets (so a bad one shows at start; throws the first
   * failure), then with `warm` loads their training images into the cache in the
   * background so the first epoch streams at cache speed.
   */
  preload(options?: { warm?: boolean }): Promise<void>;
  close(): Promise<void>;
}

export function toProtoDescription(summary: DatasetSummary): DatasetDescription {
  return { ...summary, skipped: summary.skipped.map((s) => ({ path: s.path, reason: s.reason })) };
}

/** The gRPC DatasetService: its definition and implementation in the kit's binding shape, plus its catalog. */
export function createDatasetService(options: DatasetServiceOptions): DatasetServiceHandle {
  const log = options.logger;
  const catalog = new DatasetCatalog({
    cacheBytes: options.cacheBytes,
    roots: options.roots,
    syntheticRenderer: options.syntheticRenderer ?? poolRenderer(),
    onSkip: (format, skipped) => {
      metrics.skipped.inc({ format });
      log.warn({ format, path: skipped.path, reason: skipped.reason }, 'image skipped');
    },
  });
  const metrics = datasetMetrics(options.registry, () => catalog.cachedBytes);
  const configured = [...(options.datasets ?? [])];
  const maxPending = options.maxPendingWrites ?? 2;

  const implementation: DatasetServiceHandlers = {
    ListDatasets: unaryHandler<ListDatasetsRequest__Output, ListDatasetsResponse>(async () => {
      for (const uri of configured) {
        await catalog.open(uri).catch((err: unknown) => log.warn({ err, uri }, 'configured dataset does not open'));
      }
      return { datasets: (await catalog.list()).map((d) => toProtoDescription(d.describe())) };
    }, log),

    DescribeDataset: unaryHandler<DescribeDatasetRequest__Output, DescribeDatasetResponse>(async (request) => {
      const dataset = await catalog.open(request.uri);
      return { dataset: toProtoDescription(dataset.describe()) };
    }, log),

    StreamBatches: streamHandler<StreamBatchesRequest__Output, StreamBatchesResponse>(async (request, call) => {
      if (request.split !== 'SPLIT_TRAIN' && request.split !== 'SPLIT_UNSPECIFIED') {
        throw new InvalidArgumentError('split', `must be SPLIT_TRAIN (or unset), got ${String(request.split)}`);
      }
      const dataset = await catalog.open(request.uri);
      const stream = {
        batchSize: request.batchSize,
        imageSize: request.imageSize,
        identities: request.identities,
        epochs: request.epochs,
        startEpoch: request.startEpoch,
        seed: request.seed,
        flip: request.flip,
        dropLast: request.dropLast,
      };
      checkTrainingRequest(dataset, stream);
      const writer = new PacedWriter(call, maxPending);
      const batches = trainingBatches(dataset, stream);
      try {
        for await (const batch of batches) {
          await writer.write({ ...batch, labels: Array.from(batch.labels) });
          metrics.streamed.inc({ rpc: 'StreamBatches' }, batch.count);
        }
      } finally {
        await batches.return(undefined);
      }
    }, log),

    GetEvalSet: streamHandler<GetEvalSetRequest__Output, GetEvalSetResponse>(async (request, call) => {
      const dataset = await catalog.open(request.uri);
      const layout = await planEvalSet(dataset, { imageSize: request.imageSize, maxPairs: request.maxPairs, identities: request.identities });
      const chunk = chunkImageCount(request.chunkImages, layout.imageSize);
      const writer = new PacedWriter(call, maxPending);
      await writer.write({
        header: {
          imageSize: layout.imageSize,
          channels: layout.channels,
          images: layout.images.length,
          folds: layout.folds,
          pairs: layout.pairs,
          probeImages: layout.probes.map((p) => p.image),
          probeLabels: layout.probes.map((p) => p.label),
          galleryImages: layout.gallery.map((g) => g.image),
          galleryLabels: layout.gallery.map((g) => g.label),
        },
      });
      for await (const part of evalSetChunks(dataset, layout, chunk)) {
        await writer.write(part);
        metrics.streamed.inc({ rpc: 'GetEvalSet' }, part.count);
      }
    }, log),
  };

  return {
    name: DATASET_SERVICE_NAME,
    definition: facenasGrpc().DatasetService.service,
    implementation: implementation as unknown as grpc.UntypedServiceImplementation,
    catalog,
    async preload({ warm = false } = {}) {
      const datasets = [];
      for (const uri of configured) datasets.push(await catalog.open(uri));
      if (!warm) return;
      void (async () => {
        for (const dataset of datasets) {
          const started = performance.now();
          const images = await warmTrainingImages(dataset, () => catalog.cacheRoom);
          log.info({ uri: dataset.uri, images, seconds: (performance.now() - started) / 1000 }, 'cache warmed');
        }
      })().catch((err: unknown) => log.warn({ err }, 'cache warm-up stopped'));
    },
    close: () => catalog.close(),
  };
}
