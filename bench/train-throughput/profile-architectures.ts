/**
 * Training throughput of search-space architectures on the wasm backend
 * (1 thread, batch 32), and where each one's step time goes.
 *
 *   node --import tsx bench/train-throughput/profile-architectures.ts \
 *     [--cases mobilefacenet,smallest,seed-1,...] [--sizes 32,64] [--rounds 3] \
 *     [--steps 3] [--warmup 2] [--profile-steps 3] [--roots DIR,...] [--top 12] [--out results.json]
 *
 * Every (root, case, size) runs in a fresh process (fresh wasm heap). `--roots`
 * names checkouts to compare (default: this one); each round runs every case
 * once per root, alternating the root order, so all of them see the same
 * background load. The first round also profiles steps after warm-up
 * (tf.profile, kernels attributed to layers: kernel-attribution.ts; each
 * kernel's median over `--profile-steps` steps) and
 * groups kernel time by the search-space choice each layer implements.
 * Efficiency is forward MAdds × img/s; `vs MFN` is MobileFaceNet's efficiency
 * over the case's at the same size (the target is ≤ 1.5).
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { caseSpec, describeSpec, layerChoices } from './architecture-cases.js';
import { type KernelRecord, instrumentModel, profileKernels } from './kernel-attribution.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const THIS_ROOT = resolve(HERE, '../..');
const BATCH = 32;
const CLASSES = 50;

interface CategoryTime {
  forwardMs: number;
  backwardMs: number;
  /** Forward multiply-adds per image of the category's layers. */
  madds: number;
  /** Kernels by self time inside this category. */
  kernels: Record<string, number>;
}

interface CaseResult {
  root: string;
  case: string;
  size: number;
  description: string;
  madds: number;
  parameters: number;
  stepMs: number;
  imgPerSec: number;
  heapMiB: number;
  profile?: {
    stepMs: number;
    kernelMs: number;
    categories: Record<string, CategoryTime>;
    /** Kernel name → [self ms, calls]. */
    kernels: Record<string, [number, number]>;
  };
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function arg(argv: string[], name: string, fallback: string): string {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < argv.length ? argv[i + 1] : fallback;
}

// ---------------------------------------------------------------- one case, in its own process

async function runCase(argv: string[]): Promise<void> {
  const root = arg(argv, 'root', THIS_ROOT);
  const name = arg(argv, 'case', 'mobilefacenet');
  const size = Number(arg(argv, 'size', '32'));
  const steps = Number(arg(argv, 'steps', '3'));
  const warmup = Number(arg(argv, 'warmup', '2'));
  const profile = argv.includes('--profile');
  const profileSteps = Number(arg(argv, 'profile-steps', '3'));
  // The modules under test come from `root`, so one script times several checkouts.
  const load = <T>(path: string) => import(pathToFileURL(join(root, path)).href) as Promise<T>;
  const { initEngine } = await load<typeof import('../../services/common/engine/engine.js')>('services/common/engine/engine.ts');
  const { createTrainer } = await load<typeof import('../../services/common/engine/trainer.js')>('services/common/engine/trainer.ts');
  const { wasmHeapBytes } = await load<typeof import('../../services/common/engine/kernels/wasm-heap.js')>(
    'services/common/engine/kernels/wasm-heap.ts',
  );
  const modelModule = await load<typeof import('../../services/common/model/index.js')>('services/common/model/index.ts');
  const space = await load<typeof import('../../services/common/search-space/index.js')>('services/common/search-space/index.ts');
  const random = await load<typeof import('../../services/common/random/rng.js')>('services/common/random/rng.ts');

  await initEngine({ backend: 'wasm', threads: 1 });
  const spec = caseSpec(name, space, random);
  const model = modelModule.buildEmbeddingModel(spec, { imageSize: size, seed: 1 });
  const head = modelModule.buildClassifierHead(spec.head.embedding, CLASSES, 'softmax', { seed: 2 });
  const trainer = createTrainer({ model, head, learningRate: 0.05 });
  const x = tf.randomNormal([BATCH, size, size, 3], 0, 1, 'float32', 3) as tf.Tensor4D;
  const labels = Int32Array.from({ length: BATCH }, (_, i) => i % CLASSES);
  const times: number[] = [];
  for (let i = 0; i < warmup + steps; i++) {
    const t0 = performance.now();
    trainer.step(x, labels);
    if (i >= warmup) times.push(performance.now() - t0);
  }
  const stepMs = median(times);
  const result: CaseResult = {
    root,
    case: name,
    size,
    description: describeSpec(spec),
    madds: space.countMadds(spec, size),
    parameters: space.countParameters(spec, size),
    stepMs,
    imgPerSec: (BATCH * 1000) / stepMs,
    heapMiB: 0,
  };
  if (profile) {
    const choiceOf = layerChoices(space.layerConfigs(spec, size), modelModule.layerNameForScope, space.squeezeChannels);
    const categories: Record<string, CategoryTime> = {};
    const category = (c: string) => (categories[c] ??= { forwardMs: 0, backwardMs: 0, madds: 0, kernels: {} });
    for (const layer of model.layers) {
      const choice = choiceOf(layer.name);
      category(choice.category).madds += choice.madds;
    }
    instrumentModel(model);
    // Several profiled steps, each kernel's time the median over them: one step on a shared machine
    // now and then loses a few ms to another process inside a kernel, which a single step would charge to it.
    const runs: KernelRecord[][] = [];
    const stepTimes: number[] = [];
    for (let i = 0; i < profileSteps; i++) {
      const t0 = performance.now();
      runs.push(await profileKernels(() => trainer.step(x, labels)));
      stepTimes.push(performance.now() - t0);
    }
    const profiledMs = median(stepTimes);
    const records = runs[0].map((r, i) => ({
      ...r,
      ms: median(runs.map((run) => run[i].ms)),
      selfMs: median(runs.map((run) => run[i].selfMs)),
    }));
    const kernels: Record<string, [number, number]> = {};
    let kernelMs = 0;
    for (const r of records) {
      const c = category(choiceOf(r.layer).category);
      if (r.depth === 1) {
        kernelMs += r.ms;
        if (r.phase === 'forward') c.forwardMs += r.ms;
        else c.backwardMs += r.ms;
      }
      c.kernels[r.name] = (c.kernels[r.name] ?? 0) + r.selfMs;
      const k = (kernels[r.name] ??= [0, 0]);
      k[0] += r.selfMs;
      k[1] += 1;
    }
    result.profile = { stepMs: profiledMs, kernelMs, categories, kernels };
  }
  result.heapMiB = wasmHeapBytes() / 2 ** 20;
  console.log(`RESULT ${JSON.stringify(result)}`);
}

// ---------------------------------------------------------------- driver

function spawnCase(root: string, name: string, size: number, steps: number, warmup: number, profileSteps: number): CaseResult {
  const args = ['--import', 'tsx', fileURLToPath(import.meta.url), '--run-case', '--root', root, '--case', name, '--size', String(size),
    '--steps', String(steps), '--warmup', String(warmup), ...(profileSteps > 0 ? ['--profile', '--profile-steps', String(profileSteps)] : [])];
  const out = spawnSync(process.execPath, args, { cwd: THIS_ROOT, encoding: 'utf8', maxBuffer: 1 << 26 });
  const line = out.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (line === undefined) throw new Error(`${name} ${size} (${root}) failed:\n${out.stderr.slice(-4000)}`);
  return JSON.parse(line.slice('RESULT '.length)) as CaseResult;
}

const fixed = (v: number, digits = 1) => v.toFixed(digits);
const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));
const lpad = (s: string, n: number) => (s.length >= n ? s : ' '.repeat(n - s.length) + s);

function printThroughput(results: CaseResult[], roots: string[], cases: string[], sizes: number[]): void {
  console.log('\n## Training throughput (wasm, 1 thread, batch 32; median over rounds)\n');
  const header = ['case', 'size', 'MMAdds', ...roots.flatMap((_, i) => [`img/s[${i}]`, `GMAdd/s[${i}]`, `vsMFN[${i}]`])];
  console.log(header.map((h, i) => (i < 1 ? pad(h, 14) : lpad(h, 11))).join(' '));
  for (const size of sizes) {
    const efficiency = (root: string, name: string) => {
      const runs = results.filter((r) => r.root === root && r.case === name && r.size === size);
      const img = median(runs.map((r) => r.imgPerSec));
      return { img, eff: (img * runs[0].madds) / 1e9, madds: runs[0].madds };
    };
    for (const name of cases) {
      const cells = roots.flatMap((root) => {
        const e = efficiency(root, name);
        const mfn = cases.includes('mobilefacenet') ? efficiency(root, 'mobilefacenet').eff : NaN;
        return [fixed(e.img), fixed(e.eff, 3), fixed(mfn / e.eff, 2)];
      });
      const madds = efficiency(roots[0], name).madds;
      console.log([pad(name, 14), lpad(String(size), 11), lpad(fixed(madds / 1e6), 11), ...cells.map((c) => lpad(c, 11))].join(' '));
    }
  }
}

function printProfile(r: CaseResult, top: number): void {
  const p = r.profile;
  if (p === undefined) return;
  console.log(`\n### ${r.case} ${r.size}x${r.size} [${r.root}]  ${fixed(r.imgPerSec)} img/s, ${fixed(r.madds / 1e6)} M MAdds, heap ${fixed(r.heapMiB, 0)} MiB`);
  console.log(`    ${r.description}`);
  console.log(`    profiled step ${fixed(p.stepMs)} ms, top-level kernels ${fixed(p.kernelMs)} ms`);
  const rows = Object.entries(p.categories).sort((a, b) => b[1].forwardMs + b[1].backwardMs - (a[1].forwardMs + a[1].backwardMs));
  console.log(`    ${pad('category', 20)} ${lpad('fwd ms', 8)} ${lpad('bwd ms', 8)} ${lpad('share', 6)} ${lpad('MMAdds', 8)} ${lpad('ns/MAdd', 8)}  top kernels (self ms)`);
  for (const [name, c] of rows) {
    const ms = c.forwardMs + c.backwardMs;
    if (ms < 0.5) continue;
    const kernels = Object.entries(c.kernels).sort((a, b) => b[1] - a[1]).slice(0, 4).map(([k, v]) => `${k} ${fixed(v)}`).join(', ');
    const perMadd = c.madds > 0 ? fixed((ms * 1e6) / (c.madds * BATCH), 2) : '';
    console.log(`    ${pad(name, 20)} ${lpad(fixed(c.forwardMs), 8)} ${lpad(fixed(c.backwardMs), 8)} ${lpad(fixed((100 * ms) / p.kernelMs, 0) + '%', 6)} ${lpad(c.madds > 0 ? fixed(c.madds / 1e6, 2) : '', 8)} ${lpad(perMadd, 8)}  ${kernels}`);
  }
  const kernels = Object.entries(p.kernels).sort((a, b) => b[1][0] - a[1][0]).slice(0, top);
  console.log(`    top kernels by self time: ${kernels.map(([k, [ms, n]]) => `${k} ${fixed(ms)} ms/${n}`).join(', ')}`);
}

/** Category time summed over the random samples of one size and root: which choices cost the most. */
function printChoiceSummary(results: CaseResult[], root: string, size: number): void {
  const profiled = results.filter((r) => r.root === root && r.size === size && r.profile !== undefined && r.case.startsWith('seed-'));
  if (profiled.length === 0) return;
  const totals: Record<string, { ms: number; madds: number; cases: number }> = {};
  let all = 0;
  for (const r of profiled) {
    for (const [name, c] of Object.entries(r.profile?.categories ?? {})) {
      const t = (totals[name] ??= { ms: 0, madds: 0, cases: 0 });
      t.ms += c.forwardMs + c.backwardMs;
      t.madds += c.madds;
      t.cases += 1;
      all += c.forwardMs + c.backwardMs;
    }
  }
  console.log(`\n## ${size}x${size} [${root}]: kernel time by choice over ${profiled.length} random samples`);
  console.log(`    ${pad('category', 20)} ${lpad('ms/step', 9)} ${lpad('share', 6)} ${lpad('ns/MAdd', 8)} ${lpad('in cases', 8)}`);
  for (const [name, t] of Object.entries(totals).sort((a, b) => b[1].ms - a[1].ms)) {
    const perMadd = t.madds > 0 ? fixed((t.ms * 1e6) / (t.madds * BATCH), 2) : '';
    console.log(`    ${pad(name, 20)} ${lpad(fixed(t.ms / profiled.length), 9)} ${lpad(fixed((100 * t.ms) / all, 0) + '%', 6)} ${lpad(perMadd, 8)} ${lpad(String(t.cases), 8)}`);
  }
}

function main(argv: string[]): void {
  const cases = arg(argv, 'cases', 'mobilefacenet,smallest,seed-1,seed-2,seed-3,seed-4,seed-5,seed-6,seed-7,seed-8').split(',');
  const sizes = arg(argv, 'sizes', '32,64').split(',').map(Number);
  const rounds = Number(arg(argv, 'rounds', '3'));
  const steps = Number(arg(argv, 'steps', '3'));
  const warmup = Number(arg(argv, 'warmup', '2'));
  const top = Number(arg(argv, 'top', '12'));
  const profileSteps = Number(arg(argv, 'profile-steps', '3'));
  const roots = arg(argv, 'roots', THIS_ROOT).split(',').map((r) => resolve(r));
  const outFile = arg(argv, 'out', '');
  console.log(`load average at start: ${loadavg().map((v) => v.toFixed(2)).join(' ')}`);
  roots.forEach((r, i) => console.log(`root[${i}] = ${r}`));
  const results: CaseResult[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const size of sizes) {
      for (const name of cases) {
        const order = round % 2 === 0 ? roots : [...roots].reverse();
        for (const root of order) {
          const r = spawnCase(root, name, size, steps, warmup, round === 0 ? profileSteps : 0);
          results.push(r);
          console.error(`round ${round} ${name} ${size} [${roots.indexOf(root)}]: ${fixed(r.imgPerSec)} img/s (load ${loadavg()[0].toFixed(2)})`);
          if (outFile !== '') writeFileSync(outFile, JSON.stringify(results));
        }
      }
    }
  }
  for (const r of results) printProfile(r, top);
  for (const root of roots) for (const size of sizes) printChoiceSummary(results, root, size);
  printThroughput(results, roots, cases, sizes);
  console.log(`\nload average at end: ${loadavg().map((v) => v.toFixed(2)).join(' ')}`);
}

if (process.argv.includes('--run-case')) {
  await runCase(process.argv.slice(2));
  process.exit(0);
} else {
  main(process.argv.slice(2));
}
