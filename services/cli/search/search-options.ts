import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { parseOptions, UsageError, type OptionSpec, type OptionSpecs } from '../../common/config/options.js';
import type { SearchSpec } from '../../common/generated/facenas/v1/SearchSpec.js';

// `facenas search` options: every field of the search spec as a flag, the same keys in a
// YAML file (--config), and how to run (run folder, trainers, NATS). Flags win over
// the file, the file over the defaults. Values are checked here for form (numbers,
// enums); the controller then checks the spec as a whole and names each bad field.

/** The embedded defaults: a search that finishes on a 2-core laptop (README, "Defaults"). */
export const EMBEDDED_DEFAULTS = {
  dataset: 'synthetic:identities=50,images=20,size=32,eval_identities=50,eval_images=10',
  strategy: 'reinforce',
  trials: 12,
  parallel: 2,
  trainers: 2,
  epochs: 5,
  imageSize: 32,
  batchSize: 16,
  learningRate: 0.05,
  warmupEpochs: 1,
} as const;

const positiveInt = (max: number) => z.coerce.number().int('must be an integer').min(1, 'must be at least 1').max(max, `must be at most ${max}`);
const nonNegativeInt = (max: number) => z.coerce.number().int('must be an integer').min(0, 'must be at least 0').max(max, `must be at most ${max}`);
const bool = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);
const setting = z.string().regex(/^[A-Za-z0-9_.-]+=.*$/, 'must be NAME=VALUE');

/** One schema for flags and file keys alike (kebab-case, as the flags are spelled). */
const requestSchema = z.strictObject({
  config: z.string().optional(),
  dataset: z.string().min(1).optional(),
  strategy: z.string().min(1).optional(),
  set: z.union([z.array(setting), z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]))]).optional(),
  trials: positiveInt(1_000_000).optional(),
  parallel: positiveInt(10_000).optional(),
  'max-failed': nonNegativeInt(1_000_000).optional(),
  trainers: positiveInt(64).optional(),
  epochs: positiveInt(1000).optional(),
  steps: nonNegativeInt(10_000_000).optional(),
  'image-size': positiveInt(1024).optional(),
  identities: nonNegativeInt(10_000_000).optional(),
  'batch-size': positiveInt(1024).optional(),
  lr: z.coerce.number().positive('must be > 0').max(10).optional(),
  'warmup-epochs': nonNegativeInt(1000).optional(),
  loss: z.enum(['softmax', 'arcface', 'cosface']).optional(),
  flip: bool.optional(),
  objective: z.enum(['verification', 'top1']).optional(),
  'target-ms': z.coerce.number().positive('must be > 0').optional(),
  constraint: z.enum(['soft', 'hard', 'custom']).optional(),
  alpha: z.coerce.number().optional(),
  beta: z.coerce.number().optional(),
  device: z.string().min(1).optional(),
  'latency-size': positiveInt(1024).optional(),
  'allow-predicted': bool.optional(),
  seed: nonNegativeInt(Number.MAX_SAFE_INTEGER).optional(),
  'early-stopping': bool.optional(),
  baseline: bool.optional(),
  name: z.string().min(1).optional(),
  out: z.string().min(1).optional(),
  nats: z.string().regex(/^(nats|tls|wss?):\/\/\S+$/, 'must be a NATS URL such as nats://host:4222').optional(),
  'metrics-port': nonNegativeInt(65535).optional(),
  'profiler-port': nonNegativeInt(65535).optional(),
  'log-level': z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).optional(),
  linger: z.coerce.number().min(0, 'must be at least 0').max(86_400, 'must be at most 86400').optional(),
});

type RawRequest = z.infer<typeof requestSchema>;

const FLAG_HELP: Record<keyof RawRequest, string> = {
  config: 'YAML file with any of these options (keys spelled like the flags)',
  dataset: `dataset URI (default ${EMBEDDED_DEFAULTS.dataset})`,
  strategy: `reinforce | evolution | random (default ${EMBEDDED_DEFAULTS.strategy})`,
  set: 'strategy setting NAME=VALUE (repeat), e.g. --set learning_rate=0.02',
  trials: `trials to train, the baseline not counted (default ${EMBEDDED_DEFAULTS.trials})`,
  parallel: `trials in flight at once (default ${EMBEDDED_DEFAULTS.parallel})`,
  'max-failed': 'stop the search FAILED after this many failed trials (default: never)',
  trainers: `trainer workers, one thread each (default ${EMBEDDED_DEFAULTS.trainers})`,
  epochs: `epochs per trial (default ${EMBEDDED_DEFAULTS.epochs})`,
  steps: 'optimizer steps per trial instead of whole epochs (default 0: epochs)',
  'image-size': `proxy training image size (default ${EMBEDDED_DEFAULTS.imageSize})`,
  identities: 'train on the first N identities (default 0: all)',
  'batch-size': `batch size (default ${EMBEDDED_DEFAULTS.batchSize})`,
  lr: `base learning rate (default ${EMBEDDED_DEFAULTS.learningRate})`,
  'warmup-epochs': `learning-rate warm-up epochs (default ${EMBEDDED_DEFAULTS.warmupEpochs})`,
  loss: 'softmax | arcface | cosface (default softmax, the paper\'s)',
  flip: 'flip augmentation during training (default true)',
  objective: 'verification | top1 (default verification)',
  'target-ms': 'latency target T in ms (default: the MobileFaceNet baseline measured on the device)',
  constraint: 'soft (alpha = beta = -0.07) | hard (alpha = 0, beta = -1) | custom (default soft)',
  alpha: 'reward exponent below T (constraint custom)',
  beta: 'reward exponent above T (constraint custom)',
  device: 'target device: an agent connected to this run\'s profiler (default: this machine, "local")',
  'latency-size': 'image size latency is measured at (default 112, the deployment size)',
  'allow-predicted': 'use the lookup-table prediction when no agent of the device is connected',
  seed: 'random seed (default: random)',
  'early-stopping': 'median-stop rule: stop trials below the median of completed ones',
  baseline: 'evaluate MobileFaceNet as trial 0 (default true)',
  name: 'search name (letters, digits, "-", "_")',
  out: 'run folder (default runs/<timestamp>)',
  nats: 'use this NATS server instead of the in-memory bus (env NATS_URL)',
  'metrics-port': 'serve Prometheus /metrics of every service on this port',
  'profiler-port': 'listen for edge agents on this port (default: any free port)',
  'log-level': 'services\' log level (default warn; logs go to <run>/facenas.log)',
  linger: 'after the search, keep the services (and /metrics) up this many seconds, e.g. for a last scrape',
};

const BOOLEAN_FLAGS = new Set<keyof RawRequest>(['flip', 'allow-predicted', 'early-stopping', 'baseline']);

function flagSpecs(): OptionSpecs {
  const specs: OptionSpecs = {};
  for (const key of Object.keys(FLAG_HELP) as (keyof RawRequest)[]) {
    const spec: OptionSpec<unknown> = { flag: key, kind: BOOLEAN_FLAGS.has(key) ? 'boolean' : 'string', schema: z.unknown(), help: FLAG_HELP[key] };
    if (key === 'set') spec.multiple = true;
    if (key === 'nats') spec.env = 'NATS_URL';
    specs[key] = spec;
  }
  // --no-baseline / --no-flip read better than --baseline false.
  specs['no-baseline'] = { flag: 'no-baseline', kind: 'boolean', schema: z.unknown(), help: 'do not evaluate the MobileFaceNet baseline' };
  specs['no-flip'] = { flag: 'no-flip', kind: 'boolean', schema: z.unknown(), help: 'no flip augmentation' };
  specs.resume = { flag: 'resume', kind: 'string', schema: z.unknown(), help: 'continue the search of this run folder (other options are ignored)' };
  return specs;
}

export function searchOptionsHelp(): Array<{ flag: string; help: string; boolean: boolean }> {
  return Object.values(flagSpecs()).map((s) => ({ flag: s.flag, help: s.help, boolean: s.kind === 'boolean' }));
}

export interface SearchRunOptions {
  out?: string;
  trainers: number;
  nats?: string;
  metricsPort?: number;
  profilerPort?: number;
  logLevel: string;
  /** No --target-ms: measure MobileFaceNet on the device and use its latency as T. */
  deriveTarget: boolean;
  /** Seconds the services stay up after the run folder is written. */
  lingerSeconds: number;
}

export type SearchInvocation = { kind: 'resume'; runDir: string; run: SearchRunOptions } | { kind: 'new'; spec: SearchSpec; run: SearchRunOptions };

function readConfig(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError('--config', `cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = parseYaml(text);
  } catch (err) {
    throw new UsageError('--config', `${path} is not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) throw new UsageError('--config', `${path} must hold a mapping of option: value`);
  return parsed as Record<string, unknown>;
}

function check(merged: Record<string, unknown>, fromFile: ReadonlySet<string>, configPath: string | undefined): RawRequest {
  const result = requestSchema.safeParse(merged);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const key = String(issue.path[0] ?? (issue.code === 'unrecognized_keys' ? issue.keys[0] : ''));
  const where = fromFile.has(key) || issue.code === 'unrecognized_keys' ? `${configPath}: ${key}` : `--${key}`;
  const reason = issue.code === 'unrecognized_keys' ? `unknown option ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}` : issue.message;
  throw new UsageError(where, reason);
}

const LOSSES = { softmax: 'LOSS_SOFTMAX', arcface: 'LOSS_ARCFACE', cosface: 'LOSS_COSFACE' } as const;
const CONSTRAINTS = { soft: 'REWARD_CONSTRAINT_SOFT', hard: 'REWARD_CONSTRAINT_HARD', custom: 'REWARD_CONSTRAINT_CUSTOM' } as const;

export function parseSearchInvocation(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): SearchInvocation {
  const { values, positionals } = parseOptions(flagSpecs(), argv, env);
  if (positionals.length > 0) throw new UsageError('arguments', `unexpected argument ${JSON.stringify(positionals[0])}`);
  const flags = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0))) as Record<string, unknown>;
  const resume = flags.resume as string | undefined;
  delete flags.resume;
  if (flags['no-baseline']) flags.baseline = false;
  if (flags['no-flip']) flags.flip = false;
  delete flags['no-baseline'];
  delete flags['no-flip'];
  const configPath = typeof flags.config === 'string' ? flags.config : undefined;
  const fileValues = configPath ? readConfig(configPath) : {};
  const merged = { ...fileValues, ...flags };
  const raw = check(merged, new Set(Object.keys(fileValues).filter((k) => !(k in flags))), configPath);
  const run: SearchRunOptions = {
    out: raw.out,
    trainers: raw.trainers ?? EMBEDDED_DEFAULTS.trainers,
    nats: raw.nats,
    metricsPort: raw['metrics-port'],
    profilerPort: raw['profiler-port'],
    logLevel: raw['log-level'] ?? 'warn',
    deriveTarget: raw['target-ms'] === undefined,
    lingerSeconds: raw.linger ?? 0,
  };
  if (resume !== undefined) return { kind: 'resume', runDir: resume, run };
  const settings = Array.isArray(raw.set)
    ? raw.set.map((s) => ({ name: s.slice(0, s.indexOf('=')), value: s.slice(s.indexOf('=') + 1) }))
    : Object.entries(raw.set ?? {}).map(([name, value]) => ({ name, value: String(value) }));
  const spec: SearchSpec = {
    name: raw.name ?? '',
    dataset: raw.dataset ?? EMBEDDED_DEFAULTS.dataset,
    budget: {
      epochs: raw.epochs ?? EMBEDDED_DEFAULTS.epochs,
      steps: raw.steps ?? 0,
      imageSize: raw['image-size'] ?? EMBEDDED_DEFAULTS.imageSize,
      identities: raw.identities ?? 0,
      batchSize: raw['batch-size'] ?? EMBEDDED_DEFAULTS.batchSize,
      learningRate: raw.lr ?? EMBEDDED_DEFAULTS.learningRate,
      warmupEpochs: raw['warmup-epochs'] ?? Math.min(EMBEDDED_DEFAULTS.warmupEpochs, (raw.epochs ?? EMBEDDED_DEFAULTS.epochs) - 1),
      loss: LOSSES[raw.loss ?? 'softmax'],
      flip: raw.flip ?? true,
    },
    algorithm: { name: raw.strategy ?? EMBEDDED_DEFAULTS.strategy, settings },
    objective: raw.objective === 'top1' ? 'OBJECTIVE_TOP1' : 'OBJECTIVE_VERIFICATION',
    reward: {
      constraint: CONSTRAINTS[raw.constraint ?? 'soft'],
      alpha: raw.alpha ?? 0,
      beta: raw.beta ?? 0,
      targetLatencyMs: raw['target-ms'] ?? 0,
      device: raw.device ?? '',
      allowPredictedLatency: raw['allow-predicted'] ?? false,
      imageSize: raw['latency-size'] ?? 0,
    },
    maxTrials: raw.trials ?? EMBEDDED_DEFAULTS.trials,
    parallelTrials: raw.parallel ?? EMBEDDED_DEFAULTS.parallel,
    maxFailedTrials: raw['max-failed'] ?? 0,
    seed: raw.seed ?? 0,
    includeBaseline: raw.baseline ?? true,
    earlyStopping: raw['early-stopping'] ?? false,
  };
  return { kind: 'new', spec, run };
}
