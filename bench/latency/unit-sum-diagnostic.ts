// Is the per-unit sum structurally right, apart from machine-load drift between a
// calibration and a measurement? For each random architecture: time it whole, then its
// own units (same protocol as calibration), then whole again — all within seconds, so
// the three numbers see about the same load.
//   npx tsx bench/latency/unit-sum-diagnostic.ts [--size 64] [--archs 10] [--clock cpu]
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { Rng } from '../../services/common/random/rng.js';
import { decode, layerConfigs, sampleUniform, toArchitectureMessage, architectureId } from '../../services/common/search-space/index.js';
import { startAgentEngine } from '../../services/profiler/agent/agent-engine.js';
import { TfjsRunner } from '../../services/profiler/agent/tfjs-runner.js';
import { relativeError } from '../../services/profiler/lookup-table.js';
import type { MeasurementTask__Output } from '../../services/common/generated/facenas/v1/MeasurementTask.js';

const { values } = parseArgs({ options: { size: { type: 'string', default: '64' }, archs: { type: 'string', default: '10' }, clock: { type: 'string', default: 'wall' }, seed: { type: 'string', default: '1' } } });
const size = Number(values.size);
const runner = new TfjsRunner(await startAgentEngine(1), values.clock as 'wall' | 'cpu');
const task = (kind: MeasurementTask__Output['kind'], extra: Partial<MeasurementTask__Output>): MeasurementTask__Output => ({
  taskId: 'diag',
  kind,
  architecture: null,
  imageSize: size,
  warmupRuns: 10,
  runs: 50,
  threads: 1,
  layerKeys: [],
  ...extra,
});

const rng = new Rng(Number(values.seed));
const errors: number[] = [];
for (let i = 0; i < Number(values.archs); i++) {
  const spec = decode(sampleUniform(rng));
  const architecture = toArchitectureMessage(spec, size);
  const units = layerConfigs(spec, size);
  const whole1 = (await runner.run(task('TASK_KIND_MODEL', { architecture }))).latency?.medianMs as number;
  const layers = await runner.run(task('TASK_KIND_LAYERS', { layerKeys: [...new Set(units.map((u) => u.key))], warmupRuns: 5, runs: 20 }));
  const whole2 = (await runner.run(task('TASK_KIND_MODEL', { architecture }))).latency?.medianMs as number;
  const overhead = layers.overheadMs as number;
  const entry = new Map((layers.layers ?? []).map((l) => [l.key as string, l.medianMs as number]));
  const predicted = units.reduce((s, u) => s + (entry.get(u.key) ?? 0), 0) + overhead;
  const measured = (whole1 + whole2) / 2;
  errors.push(relativeError(predicted, measured));
  console.log(JSON.stringify({ id: architectureId(spec), units: units.length, whole1: r(whole1), whole2: r(whole2), predicted: r(predicted), error: r(relativeError(predicted, measured)), loadavg1m: loadavg()[0] }));
}
console.log(JSON.stringify({ step: 'summary', clock: values.clock, size, archs: errors.length, meanError: r(errors.reduce((a, b) => a + b, 0) / errors.length), within10: errors.filter((e) => Math.abs(e) <= 0.1).length / errors.length }));

function r(x: number): number {
  return Math.round(x * 1000) / 1000;
}
