import type { DatasetServiceClient } from '../common/generated/facenas/v1/DatasetService.js';
import type { GetEvalSetResponse__Output } from '../common/generated/facenas/v1/GetEvalSetResponse.js';
import type { StreamBatchesResponse__Output } from '../common/generated/facenas/v1/StreamBatchesResponse.js';
import { UnavailableError } from '../common/errors/errors.js';
import { createClient, serverStream, unary, waitForReady } from '../common/grpc/client.js';
import { facenasGrpc } from '../common/grpc/proto-package.js';
import type { ClientTlsOptions } from '../common/grpc/tls.js';
import { DatasetCatalog } from './dataset-catalog.js';
import { chunkImageCount, evalSetChunks, planEvalSet, type EvalSetRequest } from './eval-set.js';
import type { DatasetFormat, DatasetSummary, LabelledImage, VerificationPair } from './face-dataset.js';
import { fromServiceError } from './remote-errors.js';
import { poolRenderer } from './sources/synthetic-renderer.js';
import { trainingBatches, type TrainingBatch, type TrainingStreamRequest } from './training-batches.js';

// How a trainer gets its data, the same two ways: in-process from a catalog
// (embedded mode) or from a dataset service over gRPC. Both give identical batches
// and evaluation sets for the same request, and the same errors (kind and message).

export type DatasetEndpoint =
  | { mode: 'embedded'; catalog: DatasetCatalog }
  | {
      mode: 'remote';
      /** host:port of a DatasetService. */
      address: string;
      tls?: ClientTlsOptions;
      /** Deadline of a whole training stream (default 24 h) or evaluation download (default 10 min). */
      deadlineMs?: number;
      /** How long a call waits for an unreachable service to come back before failing UNAVAILABLE (default 30 s). */
      connectWaitMs?: number;
    };

export type { TrainingBatch } from './training-batches.js';

/**
 * An in-process endpoint with its own catalog (synthetic faces rendered on worker
 * threads). Close it with `endpoint.catalog.close()`. In embedded mode, when this
 * process also hosts the DatasetService, pass `{ mode: 'embedded', catalog: service.catalog }`
 * instead so both share one image cache.
 */
export function embeddedEndpoint(options: { cacheBytes?: number; renderThreads?: number } = {}): Extract<DatasetEndpoint, { mode: 'embedded' }> {
  return { mode: 'embedded', catalog: new DatasetCatalog({ cacheBytes: options.cacheBytes, syntheticRenderer: poolRenderer(options.renderThreads) }) };
}

export interface TrainingBatchesRequest extends TrainingStreamRequest {
  uri: string;
}

export interface EvalSetFetchRequest extends EvalSetRequest {
  uri: string;
}

export interface EvalSet {
  imageSize: number;
  channels: number;
  /** Number of images; `images` holds count × imageSize² × channels bytes, NHWC. */
  count: number;
  images: Uint8Array;
  folds: number;
  /** a and b index the images. */
  pairs: VerificationPair[];
  probes: LabelledImage[];
  gallery: LabelledImage[];
}

const TRAINING_DEADLINE_MS = 24 * 60 * 60 * 1000;
const EVAL_DEADLINE_MS = 10 * 60 * 1000;
const DESCRIBE_DEADLINE_MS = 60 * 1000;
const CONNECT_WAIT_MS = 30 * 1000;

/**
 * A client whose channel is connected. A dataset service that is restarting refuses
 * connections for a few seconds; without this wait every trial started (or retried) in
 * that window failed at once and spent one of its job's three deliveries, so a 10-15 s
 * outage could fail trials for good. The wait is bounded: a service that stays away
 * still fails the attempt UNAVAILABLE, and the trainer retries it later.
 */
async function datasetClient(endpoint: Extract<DatasetEndpoint, { mode: 'remote' }>): Promise<DatasetServiceClient> {
  const client = createClient<DatasetServiceClient>(facenasGrpc().DatasetService, endpoint.address, { tls: endpoint.tls });
  const waitMs = endpoint.connectWaitMs ?? CONNECT_WAIT_MS;
  try {
    await waitForReady(client, waitMs);
  } catch (err) {
    client.close();
    throw new UnavailableError(`dataset service at ${endpoint.address} not reachable within ${waitMs} ms: ${(err as Error).message}`, { cause: err });
  }
  return client;
}

/** Training batches in order; break out of the loop (or call return()) to stop the stream. */
export async function* streamTrainingBatches(endpoint: DatasetEndpoint, request: TrainingBatchesRequest): AsyncGenerator<TrainingBatch> {
  if (endpoint.mode === 'embedded') {
    yield* trainingBatches(await endpoint.catalog.open(request.uri), request);
    return;
  }
  const client = await datasetClient(endpoint);
  const call = serverStream(client, client.streamBatches, { ...request, split: 'SPLIT_TRAIN' }, { deadlineMs: endpoint.deadlineMs ?? TRAINING_DEADLINE_MS });
  try {
    for await (const message of call as AsyncIterable<StreamBatchesResponse__Output>) {
      yield {
        epoch: message.epoch,
        index: message.index,
        batchesPerEpoch: message.batchesPerEpoch,
        count: message.count,
        imageSize: message.imageSize,
        channels: message.channels,
        images: new Uint8Array(message.images.buffer, message.images.byteOffset, message.images.byteLength),
        labels: Int32Array.from(message.labels),
        numClasses: message.numClasses,
      };
    }
  } catch (err) {
    throw fromServiceError(err);
  } finally {
    call.cancel();
    client.close();
  }
}

/** The whole evaluation set (pairs, probes, gallery and their pixels). */
export async function fetchEvalSet(endpoint: DatasetEndpoint, request: EvalSetFetchRequest): Promise<EvalSet> {
  if (endpoint.mode === 'embedded') {
    const dataset = await endpoint.catalog.open(request.uri);
    const layout = await planEvalSet(dataset, request);
    const assembly = new EvalSetAssembly({
      imageSize: layout.imageSize,
      channels: layout.channels,
      images: layout.images.length,
      folds: layout.folds,
      pairs: layout.pairs,
      probes: layout.probes,
      gallery: layout.gallery,
    });
    for await (const chunk of evalSetChunks(dataset, layout, chunkImageCount(0, layout.imageSize))) assembly.add(chunk.offset, chunk.count, chunk.images);
    return assembly.finish();
  }
  const client = await datasetClient(endpoint);
  const call = serverStream(client, client.getEvalSet, { ...request, chunkImages: 0 }, { deadlineMs: endpoint.deadlineMs ?? EVAL_DEADLINE_MS });
  try {
    let assembly: EvalSetAssembly | null = null;
    for await (const message of call as AsyncIterable<GetEvalSetResponse__Output>) {
      if (message.header) {
        const h = message.header;
        assembly = new EvalSetAssembly({
          imageSize: h.imageSize,
          channels: h.channels,
          images: h.images,
          folds: h.folds,
          pairs: h.pairs.map((p) => ({ a: p.a, b: p.b, same: p.same, fold: p.fold })),
          probes: h.probeImages.map((image, i) => ({ image, label: h.probeLabels[i] })),
          gallery: h.galleryImages.map((image, i) => ({ image, label: h.galleryLabels[i] })),
        });
      } else if (!assembly) {
        throw new Error('evaluation set stream sent images before its header');
      } else {
        assembly.add(message.offset, message.count, message.images);
      }
    }
    if (!assembly) throw new Error('evaluation set stream ended without a header');
    return assembly.finish();
  } catch (err) {
    throw fromServiceError(err);
  } finally {
    call.cancel();
    client.close();
  }
}

/** A dataset's description, either way. */
export async function describeDataset(endpoint: DatasetEndpoint, uri: string): Promise<DatasetSummary> {
  if (endpoint.mode === 'embedded') return (await endpoint.catalog.open(uri)).describe();
  const client = await datasetClient(endpoint);
  try {
    const { dataset } = await unary(client, client.describeDataset, { uri }, { deadlineMs: endpoint.deadlineMs ?? DESCRIBE_DEADLINE_MS });
    if (!dataset) throw new Error('DescribeDataset answered without a dataset');
    return { ...dataset, format: dataset.format as DatasetFormat, skipped: dataset.skipped.map((s) => ({ path: s.path, reason: s.reason })) };
  } catch (err) {
    throw fromServiceError(err);
  } finally {
    client.close();
  }
}

interface EvalSetHeaderFields {
  imageSize: number;
  channels: number;
  images: number;
  folds: number;
  pairs: VerificationPair[];
  probes: LabelledImage[];
  gallery: LabelledImage[];
}

/** Collects chunks into one buffer, checking that they cover every image exactly once. */
class EvalSetAssembly {
  private readonly images: Uint8Array;
  private readonly imageBytes: number;
  private received = 0;

  constructor(private readonly header: EvalSetHeaderFields) {
    this.imageBytes = header.imageSize * header.imageSize * header.channels;
    this.images = new Uint8Array(header.images * this.imageBytes);
  }

  add(offset: number, count: number, pixels: Uint8Array): void {
    if (offset !== this.received || pixels.byteLength !== count * this.imageBytes || offset + count > this.header.images) {
      throw new Error(`evaluation chunk at ${offset} (${count} images, ${pixels.byteLength} bytes) does not follow the ${this.received} images received`);
    }
    this.images.set(pixels, offset * this.imageBytes);
    this.received += count;
  }

  finish(): EvalSet {
    if (this.received !== this.header.images) throw new Error(`evaluation set ended after ${this.received} of ${this.header.images} images`);
    const { imageSize, channels, images, folds, pairs, probes, gallery } = this.header;
    return { imageSize, channels, count: images, images: this.images, folds, pairs, probes, gallery };
  }
}
