import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { encodeJson } from '../../common/bus/bus.js';
import { formatOptionsHelp, optionalString, parseOptions, UsageError, type OptionSpec } from '../../common/config/options.js';
import { initEngine } from '../../common/engine/engine.js';
import type { Latency } from '../../common/generated/facenas/v1/Latency.js';
import type { TrialMetrics } from '../../common/generated/facenas/v1/TrialMetrics.js';
import { toArchitectureMessage, fromArchitectureMessage } from '../../common/search-space/index.js';
import { TfjsRunner } from '../../profiler/agent/tfjs-runner.js';
import { ThreadedTrials } from '../../trainer/threaded-trials.js';
import { parseTrialJob } from '../../trainer/trial-job.js';
import type { CliCommand } from '../command.js';
import { pickWinner, planRetrain } from '../retrain/retrain-plan.js';
import { readRunFolder } from '../search/run-folder.js';

const int = (fallback: number, max: number) => z.coerce.number().int('must be an integer').min(1, 'must be at least 1').max(max, `must be at most ${max}`).default(fallback);

const RETRAIN_OPTIONS = {
  epochs: { flag: 'epochs', kind: 'string', schema: int(6, 1000), help: 'epochs', shownDefault: '6' } satisfies OptionSpec<number>,
  imageSize: { flag: 'image-size', kind: 'string', schema: int(64, 1024), help: 'training image size (112 is the deployment size; 64 keeps a laptop run short)', shownDefault: '64' } satisfies OptionSpec<number>,
  batchSize: { flag: 'batch-size', kind: 'string', schema: int(32, 1024), help: 'batch size', shownDefault: '32' } satisfies OptionSpec<number>,
  lr: { flag: 'lr', kind: 'string', schema: z.coerce.number().positive('must be > 0').max(10).default(0.1), help: 'base learning rate', shownDefault: '0.1' } satisfies OptionSpec<number>,
  trial: { flag: 'trial', kind: 'string', schema: optionalString, help: 'retrain this trial instead of the winner' } satisfies OptionSpec<string | undefined>,
  dataset: { flag: 'dataset', kind: 'string', schema: optionalString, help: "dataset URI (default: the search's, at --image-size)" } satisfies OptionSpec<string | undefined>,
  latencySize: { flag: 'latency-size', kind: 'string', schema: int(112, 1024), help: 'image size latency is measured at', shownDefault: '112' } satisfies OptionSpec<number>,
};

const USAGE = `Usage: facenas retrain <run folder> [options]

Trains the search's winner (or --trial) and the MobileFaceNet baseline the same way
with a longer budget, then reports 10-fold verification accuracy, TAR@FAR, top-1 and
measured batch-1 latency side by side. Models and retrain.json go to <run>/retrain/.

Options:
${formatOptionsHelp(RETRAIN_OPTIONS)}`;

interface RetrainRow {
  label: string;
  trialId: string;
  architectureId: string;
  metrics: TrialMetrics;
  latency: Latency;
  modelUri: string;
}

export function retrainTable(rows: readonly RetrainRow[]): string {
  const header = ['', 'TRIAL', 'PARAMS', 'MADDS', 'VERIFICATION', 'TAR@FAR=1e-3', 'TOP-1', 'LATENCY'];
  const pct = (v: number | undefined) => `${((v ?? 0) * 100).toFixed(2)}%`;
  const body = rows.map((r) => [
    r.label,
    r.trialId,
    `${((Number(r.metrics.parameters ?? 0)) / 1e6).toFixed(2)} M`,
    `${((Number(r.metrics.madds ?? 0)) / 1e6).toFixed(1)} M`,
    `${pct(Number(r.metrics.verificationAccuracy))} ± ${pct(Number(r.metrics.verificationStd))}`,
    pct(Number(r.metrics.tarAtFar)),
    pct(Number(r.metrics.top1)),
    `${Number(r.latency.medianMs).toFixed(2)} ms`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  return [header, ...body].map((row) => row.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd()).join('\n');
}

export const retrainCommand: CliCommand = {
  name: 'retrain',
  summary: "train a search's winner and the MobileFaceNet baseline at full budget and compare them",
  usage: USAGE,
  async run(argv) {
    if (argv.includes('--help') || argv.includes('-h')) {
      console.log(USAGE);
      return 0;
    }
    const { values, positionals } = parseOptions(RETRAIN_OPTIONS, argv);
    if (positionals.length !== 1) throw new UsageError('run folder', 'required: facenas retrain <run folder>');
    const run = readRunFolder(positionals[0]);
    const winner = pickWinner(run, values.trial);
    const outDir = join(run.dir, 'retrain');
    mkdirSync(outDir, { recursive: true });
    const candidates = planRetrain(run, winner, { epochs: values.epochs, imageSize: values.imageSize, batchSize: values.batchSize, learningRate: values.lr, dataset: values.dataset }, outDir);
    const engine = await initEngine();
    console.log(`facenas: retraining ${candidates.map((c) => `${c.label} ${c.trialId}`).join(' and ')}: ${values.epochs} epochs at ${values.imageSize}x${values.imageSize} on ${candidates[0].job.dataset}`);
    // One thread each: the two train side by side on a 2-core machine.
    const threads = candidates.map(() => new ThreadedTrials({ backend: engine.backend }));
    try {
      const printedEpoch = candidates.map(() => 0);
      const outcomes = await Promise.all(
        candidates.map((c, i) =>
          threads[i].run(parseTrialJob(encodeJson(c.job)), {
            signal: new AbortController().signal,
            onProgress: async (p) => {
              const epoch = Number(p.epoch ?? 0);
              if (epoch <= printedEpoch[i]) return;
              printedEpoch[i] = epoch;
              console.log(`  ${c.label} ${c.trialId}: epoch ${p.epoch}/${p.epochs} step ${p.step}/${p.steps} loss ${Number(p.loss).toFixed(3)} (${Number(p.imagesPerSecond).toFixed(1)} img/s)`);
            },
          }),
        ),
      );
      // Latency after training, with nothing else running, on this machine's agent path.
      const runner = new TfjsRunner({ backend: engine.backend, threads: 1 });
      const rows: RetrainRow[] = [];
      for (const [i, c] of candidates.entries()) {
        const architecture = toArchitectureMessage(fromArchitectureMessage(c.job.architecture), values.latencySize);
        const measured = await runner.run({ taskId: '', kind: 'TASK_KIND_MODEL', architecture, imageSize: values.latencySize, warmupRuns: 10, runs: 50, threads: 1, layerKeys: [] });
        rows.push({ label: c.label, trialId: c.trialId, architectureId: architecture.id ?? '', metrics: outcomes[i].metrics, latency: { ...(measured.latency ?? {}), device: 'local', imageSize: values.latencySize }, modelUri: outcomes[i].modelUri });
      }
      writeFileSync(join(outDir, 'retrain.json'), `${JSON.stringify({ budget: candidates[0].job.budget, dataset: candidates[0].job.dataset, rows }, null, 2)}\n`);
      console.log(`\n${retrainTable(rows)}\n\nfacenas: models and retrain.json in ${outDir}`);
      return 0;
    } finally {
      await Promise.all(threads.map((t) => t.close()));
    }
  },
};
