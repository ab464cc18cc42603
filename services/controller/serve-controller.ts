import { z } from 'zod';
import { openServiceBus } from '../common/bus/service-bus.js';
import { outgoingTls } from '../common/config/outgoing-tls.js';
import { hostPortSchema, optionalString, UsageError, type OptionSpec } from '../common/config/options.js';
import { initEngine } from '../common/engine/engine.js';
import { InvalidArgumentError } from '../common/errors/errors.js';
import { defineServeEntry } from '../common/service/serve-entry.js';
import { artifactLocation, defaultArtifactBase } from './artifacts/artifact-location.js';
import { createControllerParts } from './controller-parts.js';
import { profilerLatencyOracle } from './latency/latency-oracle.js';
import { DEFAULT_SPEC_LIMITS } from './spec/search-spec.js';

const limit = (fallback: number, max: number) => z.coerce.number().int().min(1, 'must be at least 1').max(max, `must be at most ${max}`).default(fallback);

export const CONTROLLER_OPTIONS = {
  profiler: {
    flag: 'profiler',
    // As the cluster's config map names it (deploy/k8s/base/config.yaml).
    env: 'FACENAS_PROFILER_ADDR',
    kind: 'string',
    schema: hostPortSchema.optional(),
    help: 'HOST:PORT of the latency profiler (required)',
  } satisfies OptionSpec<string | undefined>,
  dataDir: {
    flag: 'data-dir',
    env: 'FACENAS_DATA_DIR',
    kind: 'string',
    schema: optionalString,
    help: 'without --nats: folder where searches, trials and strategy states persist, so a restart resumes them',
  } satisfies OptionSpec<string | undefined>,
  artifacts: {
    flag: 'artifacts',
    env: 'FACENAS_ARTIFACTS',
    kind: 'string',
    schema: optionalString,
    help: 'where trainers save models, as <base>/<search>/<trial>: a file:// folder or nats-object://<bucket>',
    shownDefault: 'nats-object://facenas_models with --nats, else file://<data-dir>/models',
  } satisfies OptionSpec<string | undefined>,
  maxTrialsLimit: {
    flag: 'max-trials-limit',
    env: 'FACENAS_MAX_TRIALS_LIMIT',
    kind: 'string',
    schema: limit(DEFAULT_SPEC_LIMITS.maxTrials, 1_000_000),
    help: 'largest max_trials a search may ask for',
    shownDefault: String(DEFAULT_SPEC_LIMITS.maxTrials),
  } satisfies OptionSpec<number>,
  maxParallelLimit: {
    flag: 'max-parallel-limit',
    env: 'FACENAS_MAX_PARALLEL_LIMIT',
    kind: 'string',
    schema: limit(DEFAULT_SPEC_LIMITS.maxParallelTrials, 10_000),
    help: 'largest parallel_trials a search may ask for',
    shownDefault: String(DEFAULT_SPEC_LIMITS.maxParallelTrials),
  } satisfies OptionSpec<number>,
  deadLetterPollMs: {
    flag: 'dead-letter-poll-ms',
    env: 'FACENAS_DEAD_LETTER_POLL_MS',
    kind: 'string',
    schema: z.coerce.number().int().min(50, 'must be at least 50').max(3_600_000).default(10_000),
    help: 'how often to fail trials whose job ran out of deliveries',
    shownDefault: '10000',
  } satisfies OptionSpec<number>,
};

/** `facenas serve controller`: SearchService; searches run over the bus and resume after a restart. */
export const controllerServeEntry = defineServeEntry({
  name: 'controller',
  summary: 'search controller: strategies, trial bookkeeping, rewards, durable search state',
  options: CONTROLLER_OPTIONS,
  async start({ options, logger, registry }) {
    if (!options.profiler) throw new UsageError('--profiler', 'required: HOST:PORT of the latency profiler');
    if (options.dataDir && options.nats) logger.warn('--data-dir is not used with --nats: search state lives in JetStream KV');
    let artifactUri;
    try {
      artifactUri = artifactLocation(options.artifacts ?? defaultArtifactBase(Boolean(options.nats), options.dataDir), '--artifacts');
    } catch (err) {
      if (err instanceof InvalidArgumentError) throw new UsageError(err.field, err.reason);
      throw err;
    }
    const parts = createControllerParts({
      bus: async () => {
        // The reinforce policy runs on the engine's backend (wasm by default).
        await initEngine();
        return openServiceBus(options, 'facenas-controller', logger, options.dataDir);
      },
      latency: profilerLatencyOracle({ address: options.profiler, client: { tls: outgoingTls(options) }, logger }),
      artifactUri,
      logger,
      registry,
      limits: { maxTrials: options.maxTrialsLimit, maxParallelTrials: options.maxParallelLimit },
      deadLetterPollMs: options.deadLetterPollMs,
    });
    return { bindings: parts.bindings, ready: () => parts.ready(), stop: () => parts.stop() };
  },
});
