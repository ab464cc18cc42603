import { decodeJson, encodeJson, type KvStore } from '../common/bus/bus.js';
import type { LatencySummary } from './statistics.js';
import type { LatencyTable } from './lookup-table.js';

// Measured latencies and calibrated tables, persisted through a KvStore: JetStream KV in
// cluster mode, files in embedded mode. Keys use only characters NATS KV accepts
// ([-/_=.a-zA-Z0-9]); device names are base64url-encoded to get there.

export interface CachedMeasurement extends LatencySummary {
  device: string;
  imageSize: number;
  architectureId: string;
  measuredAtMs: number;
}

const MEASUREMENT = 'm';
const TABLE = 't';

export function deviceKeyPart(device: string): string {
  return Buffer.from(device, 'utf8').toString('base64url') || '_';
}

function fromDeviceKeyPart(part: string): string {
  return part === '_' ? '' : Buffer.from(part, 'base64url').toString('utf8');
}

export function measurementKey(device: string, imageSize: number, architectureId: string): string {
  return `${MEASUREMENT}.${deviceKeyPart(device)}.${imageSize}.${architectureId}`;
}

export function tableKey(device: string, imageSize: number): string {
  return `${TABLE}.${deviceKeyPart(device)}.${imageSize}`;
}

export class LatencyStore {
  constructor(private readonly kv: KvStore) {}

  async getMeasurement(device: string, imageSize: number, architectureId: string): Promise<CachedMeasurement | null> {
    const entry = await this.kv.get(measurementKey(device, imageSize, architectureId));
    return entry ? decodeJson<CachedMeasurement>(entry.value) : null;
  }

  async putMeasurement(measurement: CachedMeasurement): Promise<void> {
    await this.kv.put(measurementKey(measurement.device, measurement.imageSize, measurement.architectureId), encodeJson(measurement));
  }

  /** Cached measurements per device name. */
  async measurementCounts(): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    for (const key of await this.kv.keys(`${MEASUREMENT}.`)) {
      const device = fromDeviceKeyPart(key.split('.')[1] ?? '');
      counts.set(device, (counts.get(device) ?? 0) + 1);
    }
    return counts;
  }

  async getTable(device: string, imageSize: number): Promise<LatencyTable | null> {
    const entry = await this.kv.get(tableKey(device, imageSize));
    return entry ? decodeJson<LatencyTable>(entry.value) : null;
  }

  async putTable(table: LatencyTable): Promise<void> {
    await this.kv.put(tableKey(table.device, table.imageSize), encodeJson(table));
  }

  /** (device, image size) of every stored table. */
  async tableIndex(): Promise<{ device: string; imageSize: number }[]> {
    return (await this.kv.keys(`${TABLE}.`)).map((key) => {
      const [, device, size] = key.split('.');
      return { device: fromDeviceKeyPart(device ?? ''), imageSize: Number(size) };
    });
  }
}
