import { describe, expect, it } from 'vitest';
import { MapKvStore } from '../../test/profiler/map-kv-store.js';
import { LatencyStore, measurementKey, tableKey } from './latency-store.js';

const NATS_KV_KEY = /^[-/_=.a-zA-Z0-9]+$/;

describe('latency store', () => {
  it('makes NATS-KV-safe keys from any device name', () => {
    for (const device of ['pixel-7', 'Galaxy S23 Ultra', 'rpi.4/b', 'ünïcode*>', '']) {
      expect(measurementKey(device, 112, 'abcdef0123456789')).toMatch(NATS_KV_KEY);
      expect(tableKey(device, 64)).toMatch(NATS_KV_KEY);
    }
    expect(measurementKey('a', 64, 'x')).not.toBe(measurementKey('a', 112, 'x'));
    expect(measurementKey('a.b', 64, 'x')).not.toBe(measurementKey('a', 64, 'b.x'));
  });

  it('round-trips measurements and tables, and indexes them by device', async () => {
    const store = new LatencyStore(new MapKvStore());
    const m = { device: 'rpi.4/b', imageSize: 64, architectureId: 'id1', medianMs: 3, p90Ms: 4, meanMs: 3.2, stdMs: 0.1, runs: 50, measuredAtMs: 7 };
    await store.putMeasurement(m);
    await store.putMeasurement({ ...m, architectureId: 'id2' });
    await store.putMeasurement({ ...m, device: 'pixel 7' });
    expect(await store.getMeasurement('rpi.4/b', 64, 'id1')).toEqual(m);
    expect(await store.getMeasurement('rpi.4/b', 112, 'id1')).toBeNull();
    expect(Object.fromEntries(await store.measurementCounts())).toEqual({ 'rpi.4/b': 2, 'pixel 7': 1 });

    const table = { device: 'rpi.4/b', imageSize: 112, entries: { k: 1.5 }, overheadMs: 0.1, createdAtMs: 9 };
    await store.putTable(table);
    expect(await store.getTable('rpi.4/b', 112)).toEqual(table);
    expect(await store.tableIndex()).toEqual([{ device: 'rpi.4/b', imageSize: 112 }]);
  });
});
