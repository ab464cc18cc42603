import { cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { connectNatsBus } from '../../common/bus/nats-bus.js';
import { z } from 'zod';
import { formatOptionsHelp, optionalString, parseOptions, UsageError, type OptionSpec } from '../../common/config/options.js';
import { initEngine } from '../../common/engine/engine.js';
import { FailedPreconditionError } from '../../common/errors/errors.js';
import { createLogger } from '../../common/logging/logger.js';
import { downloadModel, loadModel } from '../../common/model/index.js';
import type { EmbeddingModelMetadata } from '../../common/model/export.js';
import type { CliCommand } from '../command.js';
import { pickWinner } from '../retrain/retrain-plan.js';
import { readRunFolder, runPaths } from '../search/run-folder.js';

const EXPORT_OPTIONS = {
  format: { flag: 'format', kind: 'string', schema: z.enum(['tfjs'], { message: 'supported formats: tfjs' }).default('tfjs'), help: 'model format', shownDefault: 'tfjs' } satisfies OptionSpec<'tfjs'>,
  trial: { flag: 'trial', kind: 'string', schema: optionalString, help: 'export this trial instead of the winner' } satisfies OptionSpec<string | undefined>,
  retrained: { flag: 'retrained', kind: 'boolean', schema: z.boolean().default(false), help: "export the winner as `facenas retrain` trained it" } satisfies OptionSpec<boolean>,
  out: { flag: 'out', kind: 'string', schema: optionalString, help: 'output folder (default <run>/export/<trial>)' } satisfies OptionSpec<string | undefined>,
};

const USAGE = `Usage: facenas export <run folder> [--format tfjs] [--trial ID] [--retrained] [--out DIR]

Writes a trained network ready for the edge: the embedding model only (the training
classifier is never saved), in the tfjs layers format (model.json + weights, loads with
tf.loadLayersModel), with architecture.json. Input: NHWC RGB, (pixel − 127.5) / 128;
output: the embedding, to L2-normalise before comparing. The model is loaded and run
once before the command reports success.

Options:
${formatOptionsHelp(EXPORT_OPTIONS)}`;

export const exportCommand: CliCommand = {
  name: 'export',
  summary: 'write the winning (or a chosen) trained network in a format ready for the edge',
  usage: USAGE,
  async run(argv) {
    if (argv.includes('--help') || argv.includes('-h')) {
      console.log(USAGE);
      return 0;
    }
    const { values, positionals } = parseOptions(EXPORT_OPTIONS, argv);
    if (positionals.length !== 1) throw new UsageError('run folder', 'required: facenas export <run folder>');
    const run = readRunFolder(positionals[0]);
    const trial = pickWinner(run, values.trial);
    const out = resolve(values.out ?? join(run.dir, 'export', trial.id));
    mkdirSync(out, { recursive: true });
    if (values.retrained) {
      const dir = join(run.dir, 'retrain', trial.id);
      if (!existsSync(join(dir, 'model.json'))) throw new FailedPreconditionError(`${dir} has no retrained model: run facenas retrain ${run.dir} first`);
      cpSync(dir, out, { recursive: true });
    } else if (!values.trial && existsSync(join(runPaths(run.dir).best, 'model.json'))) {
      for (const f of ['model.json', 'group1-shard1of1.bin']) cpSync(join(runPaths(run.dir).best, f), join(out, f));
    } else {
      if (!trial.modelUri) throw new FailedPreconditionError(`trial ${trial.id} has no saved model`);
      const bus = run.meta.nats ? await connectNatsBus({ url: run.meta.nats, name: 'facenas-export', logger: createLogger('export', 'warn') }) : undefined;
      try {
        await downloadModel(trial.modelUri, out, bus);
      } finally {
        await bus?.close();
      }
    }
    writeFileSync(join(out, 'architecture.json'), `${JSON.stringify(JSON.parse(trial.architecture?.json || '{}'), null, 2)}\n`);
    // Prove it loads and runs the way a consumer would.
    await initEngine();
    const model = await loadModel(out);
    const metadata = (model.getUserDefinedMetadata() as { facenas?: EmbeddingModelMetadata } | undefined)?.facenas;
    if (!metadata) throw new FailedPreconditionError(`${out}/model.json has no facenas metadata`);
    const size = metadata.imageSize;
    const embedding = tf.tidy(() => (model.predict(tf.zeros([1, size, size, 3])) as tf.Tensor).shape);
    model.dispose();
    console.log(`facenas: exported ${trial.id} (${values.format}) to ${out}: input [1, ${size}, ${size}, 3] → embedding [${embedding.join(', ')}]`);
    return 0;
  },
};
