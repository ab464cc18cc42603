/**
 * Training-throughput and batch-1 latency benchmark: facenas (tfjs wasm with
 * the engine's kernels) against PyTorch CPU on the same networks, same
 * threads, batch 32. Prints one JSON line per case.
 *   npm run bench:train [-- --rounds 3 --steps 10 --cases small-64,mobilefacenet-112]
 * Each case runs facenas and PyTorch alternately `rounds` times (each run a
 * fresh process: median of `steps` steps after warm-up) and reports the
 * medians, so both sides see the same background load.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const PYTHON = '/usr/bin/python3';

interface Args {
  rounds: number;
  steps: number;
  inferRuns: number;
  cases: string[];
  latency: boolean;
}

function parseArgs(argv: string[]): Args {
  const get = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  return {
    rounds: Number(get('rounds') ?? 3),
    steps: Number(get('steps') ?? 10),
    inferRuns: Number(get('infer-runs') ?? 50),
    cases: (get('cases') ?? 'small-64,small-112,mobilefacenet-64,mobilefacenet-112').split(','),
    latency: get('latency') !== 'off',
  };
}

/** PyTorch comes from Debian (python3-torch 1.13); install it when missing. */
function ensureTorch(): void {
  const probe = spawnSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore' });
  if (probe.status === 0) return;
  console.error('python3-torch missing: apt-get install -y python3-torch');
  execFileSync('apt-get', ['install', '-y', 'python3-torch'], { stdio: 'inherit' });
}

function runJson(command: string, args: string[]): Record<string, number> {
  const out = execFileSync(command, args, { cwd: HERE, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 });
  const line = out.trim().split('\n').filter((l) => l.startsWith('{')).pop();
  if (line === undefined) throw new Error(`no JSON from ${command} ${args.join(' ')}`);
  return JSON.parse(line) as Record<string, number>;
}

const facenas = (args: string[]) => runJson(process.execPath, ['--import', 'tsx', join(HERE, 'facenas-case.ts'), ...args]);
const torch = (args: string[]) => runJson(PYTHON, [join(HERE, 'torch_case.py'), ...args]);

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const round3 = (v: number) => Math.round(v * 1000) / 1000;

/** Micro-batch per case so the 4 GiB wasm heap holds one micro-batch's activations (~190 MiB per 112x112 MobileFaceNet image). */
function microBatchFor(net: string, size: number): number {
  if (net === 'mobilefacenet' && size >= 112) return 8;
  return 32;
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  ensureTorch();
  const warmup = '3';
  for (const name of args.cases) {
    const [net, sizeText] = name.split('-');
    const size = Number(sizeText);
    const micro = microBatchFor(net, size);
    const ours: Record<string, number>[] = [];
    const oneThread: Record<string, number>[] = [];
    const theirs: Record<string, number>[] = [];
    // The thread-count comparison that sets the engine's default runs on the small net only (time).
    const sweep = net === 'small';
    for (let r = 0; r < args.rounds; r++) {
      ours.push(facenas(['train', net, String(size), '2', String(args.steps), warmup, '32', String(micro)]));
      if (sweep) oneThread.push(facenas(['train', net, String(size), '1', String(args.steps), warmup, '32', String(micro)]));
      theirs.push(torch(['train', net, String(size), '2', String(args.steps), warmup, '32']));
    }
    const facenasImgS = median(ours.map((o) => o.img_s));
    const pytorchImgS = median(theirs.map((o) => o.img_s));
    console.log(JSON.stringify({
      case: `train ${name} b32 2 threads`,
      facenas_img_s: round3(facenasImgS),
      pytorch_img_s: round3(pytorchImgS),
      ratio: round3(facenasImgS / pytorchImgS),
      micro_batch: micro,
      ...(sweep ? { facenas_1thread_img_s: round3(median(oneThread.map((o) => o.img_s))) } : {}),
      wasm_heap_mib: Math.max(...ours.map((o) => o.wasm_heap_mib)),
      peak_rss_mib: Math.round(Math.max(...ours.map((o) => o.peak_rss_mib))),
      rounds: args.rounds,
    }));
  }
  if (!args.latency) return;
  for (const [net, size] of [['mobilefacenet', 112], ['small', 112], ['small', 64]] as const) {
    const ours: number[] = [];
    const theirs: number[] = [];
    let layers: number[] = [];
    for (let r = 0; r < args.rounds; r++) {
      const o = facenas(['infer', net, String(size), '1', String(args.inferRuns), '10', '1']);
      ours.push(o.latency_ms);
      layers = [...layers, o.layers_predict_ms];
      theirs.push(torch(['infer', net, String(size), '1', String(args.inferRuns), '10', '1']).latency_ms);
    }
    const facenasMs = median(ours);
    const pytorchMs = median(theirs);
    console.log(JSON.stringify({
      case: `infer ${net}-${size} b1 1 thread`,
      facenas_ms: round3(facenasMs),
      facenas_layers_predict_ms: round3(median(layers)),
      pytorch_ms: round3(pytorchMs),
      ratio: round3(pytorchMs / facenasMs),
      rounds: args.rounds,
    }));
  }
}

main();
