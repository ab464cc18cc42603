// How well the lookup-table predictor matches measured latency on this machine.
//   npx tsx bench/latency/predictor-accuracy.ts [--size 64] [--archs 50] [--fit 10] [--seed 1]
// 1. Calibrate: time every layer key of the space at --size in isolation (the agent's
//    LAYERS task) and the per-inference overhead.
// 2. Measure --archs random architectures whole (the agent's MODEL task, warm-up 10, 50 runs).
// 3. Predict each from the table: plain sum, and with a least-squares correction fitted on
//    --fit other random architectures (never on the evaluated ones).
// One JSON line per architecture, then a summary line.
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { Rng } from '../../services/common/random/rng.js';
import { decode, enumerateLayerConfigs, layerConfigs, sampleUniform, toArchitectureMessage, architectureId } from '../../services/common/search-space/index.js';
import { startAgentEngine } from '../../services/profiler/agent/agent-engine.js';
import { TfjsRunner } from '../../services/profiler/agent/tfjs-runner.js';
import { fitCorrection, predictLatency, relativeError, type LatencyTable } from '../../services/profiler/lookup-table.js';
import type { MeasurementTask__Output } from '../../services/common/generated/facenas/v1/MeasurementTask.js';

const { values } = parseArgs({
  options: { size: { type: 'string', default: '64' }, archs: { type: 'string', default: '50' }, fit: { type: 'string', default: '10' }, seed: { type: 'string', default: '1' }, clock: { type: 'string', default: 'wall' } },
});
const size = Number(values.size);
const runner = new TfjsRunner(await startAgentEngine(1), values.clock as 'wall' | 'cpu');

function task(kind: MeasurementTask__Output['kind'], extra: Partial<MeasurementTask__Output>): MeasurementTask__Output {
  return { taskId: 'bench', kind, architecture: null, imageSize: size, warmupRuns: 10, runs: 50, threads: 1, layerKeys: [], ...extra };
}

const t0 = performance.now();
const keys = enumerateLayerConfigs(size).map((c) => c.key);
const calibration = await runner.run(task('TASK_KIND_LAYERS', { layerKeys: keys, warmupRuns: 5, runs: 20 }));
const overheadMs = calibration.overheadMs as number;
const table: LatencyTable = {
  device: 'bench',
  imageSize: size,
  entries: Object.fromEntries((calibration.layers ?? []).map((l) => [l.key as string, l.medianMs as number])),
  overheadMs,
  createdAtMs: Date.now(),
};
const calibrationSeconds = (performance.now() - t0) / 1000;
console.log(JSON.stringify({ step: 'calibrated', clock: values.clock, loadavg1m: loadavg()[0], size, keys: keys.length, overheadMs, seconds: Number(calibrationSeconds.toFixed(1)) }));

async function measureRandom(rng: Rng) {
  const spec = decode(sampleUniform(rng));
  const result = await runner.run(task('TASK_KIND_MODEL', { architecture: toArchitectureMessage(spec, size) }));
  const unitKeys = layerConfigs(spec, size).map((c) => c.key);
  const plain = predictLatency(table, unitKeys);
  return { id: architectureId(spec), measuredMs: result.latency?.medianMs as number, unitKeys, plainMs: plain.totalMs, layerSumMs: plain.totalMs - overheadMs };
}

const fitRng = new Rng(Number(values.seed) + 1000);
const fitSamples = [];
for (let i = 0; i < Number(values.fit); i++) fitSamples.push(await measureRandom(fitRng));
const correction = fitCorrection(fitSamples.map((s) => ({ layerSumMs: s.layerSumMs, units: s.unitKeys.length, measuredMs: s.measuredMs - overheadMs })));
console.log(JSON.stringify({ step: 'fitted', ...correction }));
const corrected = { ...table, correction };

const rng = new Rng(Number(values.seed));
interface Row {
  id: string;
  units: number;
  measuredMs: number;
  plainMs: number;
  correctedMs: number;
  plainError: number;
  correctedError: number;
}
const rows: Row[] = [];
for (let i = 0; i < Number(values.archs); i++) {
  const s = await measureRandom(rng);
  const correctedMs = predictLatency(corrected, s.unitKeys).totalMs;
  const row: Row = {
    id: s.id,
    units: s.unitKeys.length,
    measuredMs: round(s.measuredMs),
    plainMs: round(s.plainMs),
    correctedMs: round(correctedMs),
    plainError: round(relativeError(s.plainMs, s.measuredMs)),
    correctedError: round(relativeError(correctedMs, s.measuredMs)),
  };
  rows.push(row);
  console.log(JSON.stringify(row));
}

const within = (key: 'plainError' | 'correctedError') => rows.filter((r) => Math.abs(r[key]) <= 0.1).length / rows.length;
const worst = (key: 'plainError' | 'correctedError') =>
  [...rows]
    .sort((a, b) => Math.abs(b[key]) - Math.abs(a[key]))
    .slice(0, 3)
    .map((r) => ({ id: r.id, measuredMs: r.measuredMs, error: r[key] }));
console.log(
  JSON.stringify({
    step: 'summary',
    clock: values.clock,
    loadavg1m: loadavg()[0],
    size,
    archs: rows.length,
    plainWithin10: within('plainError'),
    correctedWithin10: within('correctedError'),
    meanAbsPlainError: round(rows.reduce((a, r) => a + Math.abs(r.plainError), 0) / rows.length),
    meanAbsCorrectedError: round(rows.reduce((a, r) => a + Math.abs(r.correctedError), 0) / rows.length),
    worstPlain: worst('plainError'),
    worstCorrected: worst('correctedError'),
    seconds: Number(((performance.now() - t0) / 1000).toFixed(0)),
  }),
);

function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
