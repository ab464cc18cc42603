import { InvalidArgumentError, FailedPreconditionError } from '../common/errors/errors.js';
import type { CalibrateRequest__Output } from '../common/generated/facenas/v1/CalibrateRequest.js';
import type { CalibrateResponse } from '../common/generated/facenas/v1/CalibrateResponse.js';
import type { DeviceStatus } from '../common/generated/facenas/v1/DeviceStatus.js';
import type { Latency } from '../common/generated/facenas/v1/Latency.js';
import type { ListDevicesResponse } from '../common/generated/facenas/v1/ListDevicesResponse.js';
import type { MeasureLatencyRequest__Output } from '../common/generated/facenas/v1/MeasureLatencyRequest.js';
import type { MeasureLatencyResponse } from '../common/generated/facenas/v1/MeasureLatencyResponse.js';
import type { PredictLatencyRequest__Output } from '../common/generated/facenas/v1/PredictLatencyRequest.js';
import type { PredictLatencyResponse } from '../common/generated/facenas/v1/PredictLatencyResponse.js';
import type { Logger } from '../common/logging/logger.js';
import { checkAgentLatency, checkLayerTimings } from './agent-results.js';
import type { ArchitectureCatalog, ResolvedArchitecture } from './architecture-catalog.js';
import { Rng } from '../common/random/rng.js';
import type { LatencyStore, CachedMeasurement } from './latency-store.js';
import { fitCorrection, predictLatency, relativeError, type LatencyTable, type LinearCorrection } from './lookup-table.js';
import type { MeasurementDispatcher } from './measurement-dispatcher.js';
import type { ProfilerMetrics } from './profiler-metrics.js';
import { quantile } from './statistics.js';

export interface MeasurementDefaults {
  imageSize: number;
  warmupRuns: number;
  runs: number;
  /** Threads the agent times with (1: MnasNet's single core). */
  threads: number;
  calibrationWarmupRuns: number;
  calibrationRuns: number;
  /** Layer keys per LAYERS task: big calibrations are split so each task stays short. */
  calibrationChunk: number;
  /**
   * Random architectures measured whole after calibrating, to fit the table's least-squares
   * correction (0: none). Their measurements also fill the cache.
   */
  calibrationFitArchitectures: number;
}

export const DEFAULT_MEASUREMENT: MeasurementDefaults = {
  imageSize: 112,
  warmupRuns: 10,
  runs: 50,
  threads: 1,
  calibrationWarmupRuns: 5,
  calibrationRuns: 20,
  calibrationChunk: 100,
  calibrationFitArchitectures: 10,
};

/** Seed of the architectures a calibration measures to fit its correction (fixed: reproducible tables). */
export const CALIBRATION_FIT_SEED = 20_190_601;

export const MAX_RUNS = 10_000;

/** The ProfilerService's logic, free of gRPC. */
export class LatencyProfiler {
  constructor(
    private readonly deps: {
      catalog: ArchitectureCatalog;
      store: LatencyStore;
      dispatcher: MeasurementDispatcher;
      metrics: ProfilerMetrics;
      logger: Logger;
      defaults?: MeasurementDefaults;
      now?: () => number;
    },
  ) {}

  private get defaults(): MeasurementDefaults {
    return this.deps.defaults ?? DEFAULT_MEASUREMENT;
  }

  async measure(request: MeasureLatencyRequest__Output): Promise<MeasureLatencyResponse> {
    const device = requireDevice(request.device);
    const imageSize = this.imageSize(request.imageSize);
    const warmupRuns = countOrDefault(request.warmupRuns, this.defaults.warmupRuns, 'warmup_runs', 0);
    const runs = countOrDefault(request.runs, this.defaults.runs, 'runs', 1);
    const arch = this.deps.catalog.resolve(request.architecture, imageSize);
    const { store, dispatcher, metrics } = this.deps;

    if (!request.bypassCache) {
      const cached = await store.getMeasurement(device, imageSize, arch.id);
      if (cached) {
        metrics.measurements.inc({ source: 'cached' });
        metrics.cacheHits.inc();
        return { latency: toLatency(cached, 'LATENCY_SOURCE_CACHED'), cached: true, architectureId: arch.id };
      }
    }
    if (!dispatcher.hasAgent(device)) throw new FailedPreconditionError(`no agent of device ${JSON.stringify(device)} is connected`);
    const measurement = await this.measureOnAgent(device, imageSize, arch, warmupRuns, runs);
    return { latency: toLatency(measurement, 'LATENCY_SOURCE_MEASURED'), cached: false, architectureId: arch.id };
  }

  /** A MODEL task on an agent of the device; the answer goes into the cache. */
  private async measureOnAgent(device: string, imageSize: number, arch: ResolvedArchitecture, warmupRuns: number, runs: number): Promise<CachedMeasurement> {
    const result = await this.deps.dispatcher.submit(
      device,
      { kind: 'TASK_KIND_MODEL', architecture: arch.message, imageSize, warmupRuns, runs, threads: this.defaults.threads },
      `model|${device}|${imageSize}|${arch.id}|${warmupRuns}|${runs}`,
    );
    if (!result.latency) throw new FailedPreconditionError(`agent of device ${JSON.stringify(device)} answered without a latency`);
    const latency = checkAgentLatency(result.latency, device);
    const measurement: CachedMeasurement = {
      device,
      imageSize,
      architectureId: arch.id,
      medianMs: latency.medianMs,
      p90Ms: latency.p90Ms,
      meanMs: latency.meanMs,
      stdMs: latency.stdMs,
      runs: latency.runs,
      measuredAtMs: this.now(),
    };
    await this.deps.store.putMeasurement(measurement);
    this.deps.metrics.measurements.inc({ source: 'measured' });
    return measurement;
  }

  async predict(request: PredictLatencyRequest__Output): Promise<PredictLatencyResponse> {
    const device = requireDevice(request.device);
    const imageSize = this.imageSize(request.imageSize);
    const arch = this.deps.catalog.resolve(request.architecture, imageSize);
    const table = await this.deps.store.getTable(device, imageSize);
    if (!table) {
      throw new FailedPreconditionError(`device ${JSON.stringify(device)} has no latency table at image size ${imageSize}: run Calibrate with an agent of that device connected`);
    }
    const prediction = predictLatency(table, arch.layerKeys);
    this.deps.metrics.measurements.inc({ source: 'predicted' });
    const t = prediction.totalMs;
    return {
      latency: { medianMs: t, p90Ms: t, meanMs: t, stdMs: 0, runs: 0, device, source: 'LATENCY_SOURCE_PREDICTED', imageSize, measuredAtMs: table.createdAtMs },
      layers: prediction.layers,
      overheadMs: prediction.overheadMs,
      architectureId: arch.id,
    };
  }

  async calibrate(request: CalibrateRequest__Output): Promise<CalibrateResponse> {
    const device = requireDevice(request.device);
    const imageSize = this.imageSize(request.imageSize);
    const runs = countOrDefault(request.runs, this.defaults.calibrationRuns, 'runs', 1);
    const { dispatcher, store, catalog, logger } = this.deps;
    if (!dispatcher.hasAgent(device)) throw new FailedPreconditionError(`no agent of device ${JSON.stringify(device)} is connected`);
    const keys = catalog.allLayerKeys(imageSize);
    const started = this.now();
    const chunks: string[][] = [];
    for (let i = 0; i < keys.length; i += this.defaults.calibrationChunk) chunks.push(keys.slice(i, i + this.defaults.calibrationChunk));
    logger.info({ device, imageSize, keys: keys.length, tasks: chunks.length }, 'calibrating');
    // All chunks queue at once: several agents of one device share the work.
    const results = await Promise.all(
      chunks.map((layerKeys) =>
        dispatcher.submit(device, {
          kind: 'TASK_KIND_LAYERS',
          imageSize,
          warmupRuns: this.defaults.calibrationWarmupRuns,
          runs,
          threads: this.defaults.threads,
          layerKeys,
        }),
      ),
    );
    const entries: Record<string, number> = {};
    const requested = new Set(keys);
    // Agents time each unit alone, without the per-inference overhead (added once per prediction).
    for (const result of results) for (const [key, ms] of checkLayerTimings(result.layers, result.overheadMs, requested, device)) entries[key] = ms;
    const missing = keys.filter((key) => entries[key] === undefined);
    if (missing.length > 0) throw new FailedPreconditionError(`agent of device ${JSON.stringify(device)} did not time ${missing.length} layer(s), e.g. ${missing[0]}`);
    const overheadMs = quantile(
      results.map((r) => r.overheadMs),
      0.5,
    );
    const table: LatencyTable = { device, imageSize, entries, overheadMs, createdAtMs: this.now() };
    const correction = await this.fitTableCorrection(table);
    if (correction) table.correction = correction;
    await store.putTable(table);
    const seconds = (this.now() - started) / 1000;
    logger.info({ device, imageSize, entries: keys.length, overheadMs, seconds }, 'calibrated');
    return { device, entries: keys.length, overheadMs, seconds };
  }

  /**
   * Measures a few random architectures whole and fits `measured − overhead ≈ scale·Σunits
   * + perUnit·units` (what isolated units miss: cache effects, per-op costs). Kept only when
   * it lowers the mean relative error on those architectures; noise can make it worse.
   */
  private async fitTableCorrection(table: LatencyTable): Promise<LinearCorrection | null> {
    const count = this.defaults.calibrationFitArchitectures;
    if (count < 3) return null;
    const rng = new Rng(CALIBRATION_FIT_SEED);
    const archs = Array.from({ length: count }, () => this.deps.catalog.sample(rng, table.imageSize));
    const measured = await Promise.all(archs.map((arch) => this.measureOnAgent(table.device, table.imageSize, arch, this.defaults.warmupRuns, this.defaults.runs)));
    const samples = archs.map((arch, i) => ({
      layerSumMs: predictLatency(table, arch.layerKeys).totalMs - table.overheadMs,
      units: arch.layerKeys.length,
      measuredMs: measured[i].medianMs - table.overheadMs,
    }));
    let correction: LinearCorrection;
    try {
      correction = fitCorrection(samples);
    } catch {
      return null;
    }
    const meanError = (t: LatencyTable) =>
      archs.reduce((sum, arch, i) => sum + Math.abs(relativeError(predictLatency(t, arch.layerKeys).totalMs, measured[i].medianMs)), 0) / archs.length;
    const plain = meanError(table);
    const corrected = meanError({ ...table, correction });
    this.deps.logger.info({ device: table.device, imageSize: table.imageSize, ...correction, plainMeanError: plain, correctedMeanError: corrected }, 'fitted table correction');
    return corrected < plain ? correction : null;
  }

  async listDevices(): Promise<ListDevicesResponse> {
    const { dispatcher, store } = this.deps;
    const statuses = new Map<string, DeviceStatus & { agents: NonNullable<DeviceStatus['agents']>; calibratedImageSizes: number[] }>();
    const status = (name: string) => {
      let s = statuses.get(name);
      if (!s) {
        s = { name, agents: [], calibrated: false, tableEntries: 0, queueLength: dispatcher.queueLength(name), cachedMeasurements: 0, calibratedImageSizes: [] };
        statuses.set(name, s);
      }
      return s;
    };
    for (const link of dispatcher.agentLinks()) status(link.device.name).agents.push({ ...link.device, agentId: link.agentId });
    for (const { device, imageSize } of await store.tableIndex()) {
      const s = status(device);
      s.calibrated = true;
      s.calibratedImageSizes.push(imageSize);
      const table = await store.getTable(device, imageSize);
      s.tableEntries = Math.max(s.tableEntries ?? 0, Object.keys(table?.entries ?? {}).length);
    }
    for (const [device, count] of await store.measurementCounts()) status(device).cachedMeasurements = count;
    for (const device of dispatcher.devicesWithQueues()) if (dispatcher.queueLength(device) > 0) status(device);
    for (const s of statuses.values()) s.calibratedImageSizes.sort((a, b) => a - b);
    return { devices: [...statuses.values()].sort((a, b) => (a.name ?? '').localeCompare(b.name ?? '')) };
  }

  private imageSize(requested: number): number {
    const size = requested === 0 ? this.defaults.imageSize : requested;
    if (!Number.isInteger(size) || size < 32 || size > 1024 || size % 16 !== 0) {
      throw new InvalidArgumentError('image_size', `must be a multiple of 16 in 32..1024 (0 = ${this.defaults.imageSize}), got ${requested}`);
    }
    return size;
  }

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }
}

/** Longest device name a request or an agent's hello may carry (it is a metric label and part of cache keys). */
export const MAX_DEVICE_NAME_LENGTH = 128;

function requireDevice(device: string): string {
  if (device.trim() === '') throw new InvalidArgumentError('device', 'must name a device');
  if (device.length > MAX_DEVICE_NAME_LENGTH) throw new InvalidArgumentError('device', `must be at most ${MAX_DEVICE_NAME_LENGTH} characters`);
  return device;
}

function countOrDefault(value: number, fallback: number, field: string, min: number): number {
  if (value === 0) return fallback;
  if (!Number.isInteger(value) || value < min || value > MAX_RUNS) throw new InvalidArgumentError(field, `must be an integer in ${min}..${MAX_RUNS} (0 = ${fallback}), got ${value}`);
  return value;
}

function toLatency(m: CachedMeasurement, source: 'LATENCY_SOURCE_MEASURED' | 'LATENCY_SOURCE_CACHED'): Latency {
  return {
    medianMs: m.medianMs,
    p90Ms: m.p90Ms,
    meanMs: m.meanMs,
    stdMs: m.stdMs,
    runs: m.runs,
    device: m.device,
    source,
    imageSize: m.imageSize,
    measuredAtMs: m.measuredAtMs,
  };
}
