/**
 * StreamBatches throughput over loopback gRPC against the in-process batch source
 * (what an embedded trainer uses), for the synthetic generator at 64 and 112 px and
 * for an image folder and an InsightFace RecordIO of 250x250 JPEGs streamed at 112.
 * Prints one JSON line per case.
 *   npx tsx bench/dataset/stream-bench.ts [--rounds 3] [--batch 64]
 *
 * The server runs in a child process (its own event loop, as in a deployment). Each
 * case alternates gRPC and in-process runs `rounds` times and reports medians, so
 * both see the same background load. Synthetic streams run two epochs on a fresh
 * seed each round: epoch 0 renders every face ("cold"), epoch 1 comes from the image
 * cache ("warm"). File sources run with the cache off (cache-mb 0), so every epoch
 * reads and decodes every JPEG, as with a dataset larger than the cache. For the
 * cold phase the generator's own rate (its worker pool rendering the same number of
 * faces in one call, no dataset layer) is measured in the same rounds, as the ceiling.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { streamTrainingBatches, type DatasetEndpoint, type TrainingBatchesRequest } from '../../services/dataset/batch-source.js';
import { DatasetCatalog } from '../../services/dataset/dataset-catalog.js';
import { exportDataset } from '../../services/dataset/dataset-export.js';
import { poolRenderer } from '../../services/dataset/sources/synthetic-renderer.js';
import { SyntheticRenderPool } from '../../services/dataset/synthetic/render-pool.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..');
const { values } = parseArgs({ options: { rounds: { type: 'string', default: '3' }, batch: { type: 'string', default: '64' } } });
const rounds = Number(values.rounds);
const batchSize = Number(values.batch);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

async function startServer(cacheMb: number): Promise<{ address: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(HERE, 'stream-server.ts'), '--cache-mb', String(cacheMb)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`stream-server exited with ${code}`)));
  });
  return { address: `127.0.0.1:${(JSON.parse(line) as { port: number }).port}`, child };
}

/** Images per second of each epoch (time from the request to the epoch's last batch, minus the previous epoch's end). */
async function epochRates(endpoint: DatasetEndpoint, request: TrainingBatchesRequest): Promise<number[]> {
  const rates: number[] = [];
  let start = performance.now();
  let images = 0;
  let epoch = request.startEpoch;
  for await (const batch of streamTrainingBatches(endpoint, request)) {
    if (batch.epoch !== epoch) throw new Error(`epoch ${batch.epoch} before ${epoch} ended`);
    images += batch.count;
    if (batch.index === batch.batchesPerEpoch - 1) {
      const now = performance.now();
      rates.push((images / (now - start)) * 1000);
      start = now;
      images = 0;
      epoch++;
    }
  }
  return rates;
}

/** Faces per second of the generator's pool rendering `count` training faces of a fresh seed at once. */
async function generatorRate(size: number, identities: number, perIdentity: number, seed: number): Promise<number> {
  const pool = new SyntheticRenderPool({ seed, size, strength: 1, spread: 1 }, { cacheImages: 0 });
  try {
    await pool.renderMany([[identities + 1, 0], [identities + 2, 0]]);
    const items = Array.from({ length: identities * perIdentity }, (_, i) => [Math.floor(i / perIdentity), i % perIdentity] as const);
    const start = performance.now();
    await pool.renderMany(items);
    return (items.length / (performance.now() - start)) * 1000;
  } finally {
    await pool.close();
  }
}

interface Case {
  name: string;
  source: string;
  imageSize: number;
  epochs: number;
  uri: (round: number) => string;
  phases: string[];
  /** Synthetic sets: identities and trained images per identity (for the generator's rate). */
  faces?: { identities: number; perIdentity: number };
}

const dir = await mkdtemp(join(tmpdir(), 'facenas-stream-bench-'));
const cached = await startServer(512);
const uncached = await startServer(0);
const local = new DatasetCatalog({ syntheticRenderer: poolRenderer(), cacheBytes: 512 * 2 ** 20 });
const localUncached = new DatasetCatalog({ syntheticRenderer: poolRenderer(), cacheBytes: 0 });
try {
  // CASIA-like files: 40 identities × 20 synthetic faces, 250x250 JPEG (quality 95).
  const faces = await local.open('synthetic:identities=40,images=20,size=112,seed=77,eval_identities=0');
  await exportDataset(faces, { format: 'folder', out: join(dir, 'folder'), imageSize: 250 });
  await exportDataset(faces, { format: 'rec', out: join(dir, 'rec'), imageSize: 250 });

  const cases: Case[] = [
    { name: 'synthetic-64', source: 'synthetic', imageSize: 64, epochs: 2, uri: (r) => `synthetic:identities=60,images=20,size=64,seed=${100 + r}`, phases: ['cold', 'warm'], faces: { identities: 60, perIdentity: 17 } },
    { name: 'synthetic-112', source: 'synthetic', imageSize: 112, epochs: 2, uri: (r) => `synthetic:identities=40,images=20,size=112,seed=${200 + r}`, phases: ['cold', 'warm'], faces: { identities: 40, perIdentity: 17 } },
    { name: 'folder-250-jpeg-to-112', source: 'folder', imageSize: 112, epochs: 2, uri: () => `folder:${join(dir, 'folder')}?eval_identities=0`, phases: ['decode', 'decode'] },
    { name: 'rec-250-jpeg-to-112', source: 'rec', imageSize: 112, epochs: 2, uri: () => `rec:${join(dir, 'rec', 'train.rec')}?eval_identities=0`, phases: ['decode', 'decode'] },
  ];
  for (const c of cases) {
    const fileSource = c.source !== 'synthetic';
    const remote: DatasetEndpoint = { mode: 'remote', address: (fileSource ? uncached : cached).address };
    const embedded: DatasetEndpoint = { mode: 'embedded', catalog: fileSource ? localUncached : local };
    const runs: Record<'grpc' | 'in-process', number[][]> = { grpc: [], 'in-process': [] };
    const generator: number[] = [];
    for (let round = 0; round < rounds; round++) {
      for (const [mode, endpoint] of [
        ['grpc', remote],
        ['in-process', embedded],
      ] as const) {
        // Synthetic rounds use a fresh seed per mode too, so neither finds the other's faces cached.
        const uri = c.source === 'synthetic' ? c.uri(round * 2 + (mode === 'grpc' ? 0 : 1)) : c.uri(round);
        const request: TrainingBatchesRequest = { uri, batchSize, imageSize: c.imageSize, identities: 0, epochs: c.epochs, startEpoch: 0, seed: round, flip: true, dropLast: false };
        runs[mode].push(await epochRates(endpoint, request));
      }
      if (c.faces) generator.push(await generatorRate(c.imageSize, c.faces.identities, c.faces.perIdentity, 900 + round));
    }
    const phases = [...new Set(c.phases)];
    for (const phase of phases) {
      const epochsOf = c.phases.flatMap((p, i) => (p === phase ? [i] : []));
      const rate = (mode: 'grpc' | 'in-process') => median(runs[mode].flatMap((r) => epochsOf.map((e) => r[e])));
      const grpc = rate('grpc');
      const inProcess = rate('in-process');
      console.log(
        JSON.stringify({
          case: c.name,
          phase,
          batch: batchSize,
          imageSize: c.imageSize,
          rounds,
          grpcImagesPerSecond: Math.round(grpc),
          inProcessImagesPerSecond: Math.round(inProcess),
          grpcOverInProcess: Number((grpc / inProcess).toFixed(2)),
          ...(phase === 'cold' ? { generatorImagesPerSecond: Math.round(median(generator)), grpcOverGenerator: Number((grpc / median(generator)).toFixed(2)) } : {}),
        }),
      );
    }
  }
} finally {
  await local.close();
  await localUncached.close();
  for (const server of [cached, uncached]) server.child.kill('SIGTERM');
  await rm(dir, { recursive: true, force: true });
}
