import { z } from 'zod';
import { formatOptionsHelp, parseOptions, UsageError, type OptionSpec } from '../../common/config/options.js';
import { DatasetCatalog } from '../../dataset/dataset-catalog.js';
import { EXPORT_FORMATS, exportDataset } from '../../dataset/dataset-export.js';
import type { DatasetSummary, FaceDataset } from '../../dataset/face-dataset.js';
import { poolRenderer } from '../../dataset/sources/synthetic-renderer.js';
import type { CliCommand } from '../command.js';

const DESCRIBE_OPTIONS = {
  json: { flag: 'json', kind: 'boolean', schema: z.boolean().default(false), help: 'print one JSON object' } satisfies OptionSpec<boolean>,
  verify: {
    flag: 'verify',
    kind: 'boolean',
    schema: z.boolean().default(false),
    help: 'decode every image first, so corrupt files are counted (reads the whole dataset)',
  } satisfies OptionSpec<boolean>,
};

const EXPORT_OPTIONS = {
  format: {
    flag: 'format',
    kind: 'string',
    schema: z.enum(EXPORT_FORMATS, { message: `must be one of ${EXPORT_FORMATS.join(', ')}` }),
    help: `output format: ${EXPORT_FORMATS.join(', ')}`,
  } satisfies OptionSpec<(typeof EXPORT_FORMATS)[number]>,
  out: { flag: 'out', kind: 'string', schema: z.string({ message: 'is required (the output folder)' }).min(1), help: 'output folder (created)' } satisfies OptionSpec<string>,
  imageFormat: {
    flag: 'image-format',
    kind: 'string',
    schema: z.enum(['jpeg', 'png'], { message: 'must be jpeg or png' }).default('jpeg'),
    help: 'encoding of the written images',
    shownDefault: 'jpeg',
  } satisfies OptionSpec<'jpeg' | 'png'>,
  imageSize: {
    flag: 'image-size',
    kind: 'string',
    schema: z.coerce.number({ message: 'must be a number' }).int('must be an integer').min(0).default(0),
    help: "side of the written images (0 = the dataset's own)",
    shownDefault: '0',
  } satisfies OptionSpec<number>,
};

const USAGE = [
  'Usage:',
  '  facenas dataset describe <uri> [--json] [--verify]',
  '  facenas dataset export <uri> --format lfw|folder|rec|bin --out DIR [--image-format jpeg|png] [--image-size N]',
  '',
  'Dataset URIs:',
  '  synthetic:identities=200,images=20,size=64,seed=1,strength=1,spread=1,eval_identities=100,eval_images=10',
  '  lfw:/path/to/lfw[?pairs=/path/pairs.txt]   folder:/path[?eval_identities=N]',
  '  rec:/path/train.rec[?eval_identities=N]    bin:/path/lfw.bin',
  '',
  'describe options:',
  formatOptionsHelp(DESCRIBE_OPTIONS),
  '',
  'export options:',
  formatOptionsHelp(EXPORT_OPTIONS),
].join('\n');

function onePositional(positionals: string[], what: string): string {
  if (positionals.length === 0) throw new UsageError('uri', `${what} needs a dataset URI (see facenas dataset --help)`);
  if (positionals.length > 1) throw new UsageError('arguments', `unexpected argument ${JSON.stringify(positionals[1])}`);
  return positionals[0];
}

async function withDataset<T>(uri: string, use: (dataset: FaceDataset) => Promise<T>): Promise<T> {
  const catalog = new DatasetCatalog({ syntheticRenderer: poolRenderer() });
  try {
    return await use(await catalog.open(uri));
  } finally {
    await catalog.close();
  }
}

/** Decodes every image once (in chunks) so corrupt ones are found and listed. */
async function verifyAll(dataset: FaceDataset): Promise<void> {
  const chunk = 256;
  for (let start = 0; start < dataset.imageCount; start += chunk) {
    const ids = Array.from({ length: Math.min(chunk, dataset.imageCount - start) }, (_, i) => start + i);
    await dataset.loadImages(ids, dataset.imageSize);
  }
}

export function formatDescription(d: DatasetSummary, verified: boolean): string {
  const rows: [string, string][] = [
    ['uri', d.uri],
    ['format', d.format],
    ['identities', `${d.identities} (${d.trainIdentities} for training, ${d.evalIdentities} only in verification pairs)`],
    ['images', `${d.images} (${d.trainImages} for training)`],
    ['identification', `${d.probes} probes, ${d.gallery} gallery images (held out of training)`],
    ['pairs', d.pairs > 0 ? `${d.pairs} in ${d.folds} folds` : '0'],
    ['image size', `${d.imageSize}x${d.imageSize}x${d.channels}`],
    ['skipped', `${d.skippedCount}${verified ? '' : ' so far (--verify decodes every image)'}`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  const lines = rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`);
  for (const s of d.skipped.slice(0, 20)) lines.push(`  ${s.path}: ${s.reason}`);
  if (d.skippedCount > 20) lines.push(`  ... and ${d.skippedCount - 20} more`);
  return lines.join('\n');
}

/** `facenas dataset describe|export`. */
export const datasetCommand: CliCommand = {
  name: 'dataset',
  summary: 'describe a dataset, or export it as LFW, image folders, RecordIO or a verification bin',
  usage: USAGE,
  async run(argv) {
    const [sub, ...rest] = argv;
    if (sub === undefined || sub === '--help' || sub === '-h' || rest.includes('--help') || rest.includes('-h')) {
      console.log(USAGE);
      return sub === undefined ? 2 : 0;
    }
    if (sub === 'describe') {
      const { values, positionals } = parseOptions(DESCRIBE_OPTIONS, rest, {});
      const uri = onePositional(positionals, 'describe');
      const summary = await withDataset(uri, async (dataset) => {
        if (values.verify) await verifyAll(dataset);
        return dataset.describe();
      });
      console.log(values.json ? JSON.stringify(summary) : formatDescription(summary, values.verify));
      return 0;
    }
    if (sub === 'export') {
      const { values, positionals } = parseOptions(EXPORT_OPTIONS, rest, {});
      const uri = onePositional(positionals, 'export');
      const summary = await withDataset(uri, (dataset) => exportDataset(dataset, { format: values.format, out: values.out, imageFormat: values.imageFormat, imageSize: values.imageSize }));
      console.log(
        `wrote ${summary.format} to ${summary.out}: ${summary.identities} identities, ${summary.images} images, ${summary.pairs} pairs` +
          (summary.skipped > 0 ? `; ${summary.skipped} images could not be decoded and were left out` : ''),
      );
      return 0;
    }
    throw new UsageError('command', `unknown dataset command ${JSON.stringify(sub)}; expected describe or export`);
  },
};
