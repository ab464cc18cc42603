import { describe, expect, it } from 'vitest';
import { fitCorrection, predictLatency, relativeError, type LatencyTable } from './lookup-table.js';

const table: LatencyTable = { device: 'd', imageSize: 64, entries: { a: 1.5, b: 2.25, c: 0.5 }, overheadMs: 0.75, createdAtMs: 0 };

describe('lookup-table predictor', () => {
  it('sums the layer entries, counting repeats, and adds the overhead', () => {
    const p = predictLatency(table, ['a', 'b', 'b', 'c']);
    // 1.5 + 2.25 + 2.25 + 0.5 + 0.75
    expect(p.totalMs).toBeCloseTo(7.25, 12);
    expect(p.layers).toEqual([
      { key: 'a', ms: 1.5 },
      { key: 'b', ms: 2.25 },
      { key: 'b', ms: 2.25 },
      { key: 'c', ms: 0.5 },
    ]);
    expect(p.overheadMs).toBe(0.75);
  });

  it('applies a fitted correction', () => {
    const p = predictLatency({ ...table, correction: { scale: 2, perLayerMs: 0.1, fittedOn: 3 } }, ['a', 'c']);
    // 2·(1.5 + 0.5) + 0.1·2 + 0.75
    expect(p.totalMs).toBeCloseTo(4.95, 12);
  });

  it('names the device and a missing key', () => {
    expect(() => predictLatency(table, ['a', 'zz'])).toThrow(/device "d" at image size 64 lacks 1 layer\(s\).*zz/);
  });

  it('recovers an exact linear relation by least squares', () => {
    // measured = 1.2·sum + 0.3·units exactly.
    const samples = [
      [10, 5],
      [20, 12],
      [7, 3],
      [15, 20],
    ].map(([sum, units]) => ({ layerSumMs: sum, units, measuredMs: 1.2 * sum + 0.3 * units }));
    const c = fitCorrection(samples);
    expect(c.scale).toBeCloseTo(1.2, 10);
    expect(c.perLayerMs).toBeCloseTo(0.3, 10);
    expect(c.fittedOn).toBe(4);
    expect(() => fitCorrection(samples.slice(0, 1))).toThrow(RangeError);
  });

  it('relative error is signed', () => {
    expect(relativeError(11, 10)).toBeCloseTo(0.1, 12);
    expect(relativeError(9, 10)).toBeCloseTo(-0.1, 12);
  });
});
