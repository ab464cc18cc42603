import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Bus } from '../../common/bus/bus.js';
import { FailedPreconditionError, NotFoundError } from '../../common/errors/errors.js';
import type { Search__Output } from '../../common/generated/facenas/v1/Search.js';
import type { Trial__Output } from '../../common/generated/facenas/v1/Trial.js';
import { downloadModel } from '../../common/model/model-artifacts.js';
import { renderReport } from '../report/render-report.js';

// A run folder: what `facenas search` leaves behind, and what `--resume`, `retrain`
// and `export` read. Every file is rewritten whole and atomically (temp + rename), so
// an interrupted run never leaves a half-written one.
//
//   search.json    the spec, the search's state and where its services were
//   trials.jsonl   one Trial message (JSON) per line, in trial order
//   pareto.json    the trials on the accuracy/latency Pareto front
//   best/          the winner: model.json + weights (tfjs), architecture.json, trial.json
//   report.html    the self-contained report
//   models/        every trained model; state/ the bus (resume); facenas.log the services' log

export const RUN_FORMAT_VERSION = 1;

export interface RunMeta {
  version: number;
  searchId: string;
  /** The NATS server the run used, or "" for the in-memory bus persisted in state/. */
  nats: string;
  device: string;
  targetLatencyMs: number;
  /** How T was chosen: given, or the MobileFaceNet baseline measured on the device. */
  targetSource: 'flag' | 'baseline';
  createdAtMs: number;
  updatedAtMs: number;
  search: Search__Output;
}

export interface RunFolder {
  dir: string;
  meta: RunMeta;
  trials: Trial__Output[];
}

export function runPaths(dir: string) {
  return {
    search: join(dir, 'search.json'),
    trials: join(dir, 'trials.jsonl'),
    pareto: join(dir, 'pareto.json'),
    best: join(dir, 'best'),
    report: join(dir, 'report.html'),
    log: join(dir, 'facenas.log'),
  };
}

function writeAtomic(path: string, text: string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

export function defaultRunDir(now = new Date()): string {
  return resolve('runs', now.toISOString().replace(/[:]/g, '-').replace(/\..*$/, ''));
}

export function writeRunMeta(dir: string, meta: RunMeta): void {
  mkdirSync(dir, { recursive: true });
  writeAtomic(runPaths(dir).search, `${JSON.stringify(meta, null, 2)}\n`);
}

export function writeTrials(dir: string, trials: readonly Trial__Output[]): void {
  writeAtomic(runPaths(dir).trials, trials.map((t) => JSON.stringify(t)).join('\n') + (trials.length ? '\n' : ''));
}

export function writePareto(dir: string, front: readonly Trial__Output[]): void {
  writeAtomic(runPaths(dir).pareto, `${JSON.stringify(front, null, 2)}\n`);
}

export function writeReport(dir: string, meta: RunMeta, trials: Trial__Output[], paretoTrialIds: string[], now = Date.now()): void {
  writeAtomic(runPaths(dir).report, renderReport({ generatedAtMs: now, searches: [{ search: meta.search, trials, paretoTrialIds }] }));
}

/** The winner's trained model and its architecture, ready to load or deploy. */
export async function writeBest(dir: string, best: Trial__Output, bus?: Bus): Promise<void> {
  const out = runPaths(dir).best;
  mkdirSync(out, { recursive: true });
  if (!best.modelUri) throw new FailedPreconditionError(`trial ${best.id} has no saved model`);
  await downloadModel(best.modelUri, out, bus);
  writeAtomic(join(out, 'architecture.json'), `${JSON.stringify(JSON.parse(best.architecture?.json || '{}'), null, 2)}\n`);
  writeAtomic(join(out, 'trial.json'), `${JSON.stringify(best, null, 2)}\n`);
}

export function readRunFolder(dir: string): RunFolder {
  const paths = runPaths(dir);
  if (!existsSync(paths.search)) throw new NotFoundError('run folder (search.json)', resolve(dir));
  let meta: RunMeta;
  try {
    meta = JSON.parse(readFileSync(paths.search, 'utf8')) as RunMeta;
  } catch (err) {
    throw new FailedPreconditionError(`${paths.search} is not valid JSON: ${(err as Error).message}`);
  }
  if (meta.version !== RUN_FORMAT_VERSION) throw new FailedPreconditionError(`${paths.search}: run folder format ${meta.version}, this facenas reads ${RUN_FORMAT_VERSION}`);
  const trials: Trial__Output[] = [];
  if (existsSync(paths.trials)) {
    readFileSync(paths.trials, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (!line.trim()) return;
        try {
          trials.push(JSON.parse(line) as Trial__Output);
        } catch (err) {
          throw new FailedPreconditionError(`${paths.trials}:${i + 1}: not valid JSON: ${(err as Error).message}`);
        }
      });
  }
  return { dir: resolve(dir), meta, trials };
}
