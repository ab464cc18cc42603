/**
 * Synthetic face generator throughput: renderFace on this thread and
 * SyntheticRenderPool with 2 worker threads, at 64x64 and 112x112. Prints one JSON
 * line per case.
 *   npx tsx bench/dataset/synthetic-bench.ts [--rounds 5] [--images64 400] [--images112 150]
 * Single-thread and pool runs alternate, `rounds` times each, and each case reports
 * medians, so both see the same background load; the pool's rate is also given as a
 * ratio to the single thread of the same rounds. The single-thread rate is given per
 * wall second and per CPU second (the latter is less disturbed by other processes);
 * the pool's CPU seconds are the whole process's, workers included, so equal
 * per-CPU-second rates mean the pool adds no overhead and scales with free cores.
 */
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { renderFace } from '../../services/dataset/synthetic/render-face.js';
import { SyntheticRenderPool } from '../../services/dataset/synthetic/render-pool.js';
import type { SyntheticOptions } from '../../services/dataset/synthetic/synthetic-options.js';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    images64: { type: 'string', default: '400' },
    images112: { type: 'string', default: '150' },
    threads: { type: 'string', default: '2' },
  },
});
const rounds = Number(values.rounds);
const threads = Number(values.threads);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Distinct (identity, index) pairs for round r, so neither side ever reuses a render. */
function items(count: number, round: number, side: number): Array<[number, number]> {
  return Array.from({ length: count }, (_, i) => [i, round * 2 + side]);
}

function singleThread(opts: SyntheticOptions, work: Array<[number, number]>): { wall: number; cpu: number } {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (const [identity, index] of work) renderFace(opts, identity, index);
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { wall: work.length / wall, cpu: work.length / ((cpu.user + cpu.system) / 1e6) };
}

/** process.cpuUsage counts every thread of the process, the pool's workers included. */
async function pooled(pool: SyntheticRenderPool, work: Array<[number, number]>): Promise<{ wall: number; cpu: number }> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await pool.renderMany(work);
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { wall: work.length / wall, cpu: work.length / ((cpu.user + cpu.system) / 1e6) };
}

for (const size of [64, 112]) {
  const count = Number(size === 64 ? values.images64 : values.images112);
  const opts: SyntheticOptions = { seed: 1, size, strength: 1, spread: 1 };
  const pool = new SyntheticRenderPool(opts, { threads, cacheImages: 0 });
  // Warm-up: JIT on this thread, worker start-up (tsx compiles the worker's modules).
  singleThread(opts, items(150, 1000, 0));
  await pooled(pool, items(threads * 150, 1000, 1));
  const wall: number[] = [];
  const cpu: number[] = [];
  const pool2: number[] = [];
  const poolCpu: number[] = [];
  const ratios: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const one = singleThread(opts, items(count, r, 0));
    const many = await pooled(pool, items(count, r, 1));
    wall.push(one.wall);
    cpu.push(one.cpu);
    pool2.push(many.wall);
    poolCpu.push(many.cpu);
    ratios.push(many.wall / one.wall);
  }
  await pool.close();
  const common = { bench: 'synthetic-generator', size, strength: 1, spread: 1, images: count, rounds, cores: availableParallelism() };
  console.log(JSON.stringify({ ...common, case: 'single-thread', imagesPerSecond: Math.round(median(wall)), imagesPerCpuSecond: Math.round(median(cpu)), runs: wall.map(Math.round) }));
  console.log(JSON.stringify({ ...common, case: `pool-${threads}-threads`, imagesPerSecond: Math.round(median(pool2)), imagesPerCpuSecond: Math.round(median(poolCpu)), speedupOverSingleThread: Number(median(ratios).toFixed(2)), runs: pool2.map(Math.round) }));
}
