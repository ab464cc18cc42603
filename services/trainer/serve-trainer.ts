import { hostname } from 'node:os';
import { z } from 'zod';
import { hostPortSchema, optionalString, UsageError, type OptionSpec } from '../common/config/options.js';
import { outgoingTls } from '../common/config/outgoing-tls.js';
import { openServiceBus } from '../common/bus/service-bus.js';
import { trainersConsumerSpec } from '../common/bus/subjects.js';
import { trialsStreamSpec } from '../common/bus/subjects.js';
import { defineServeEntry } from '../common/service/serve-entry.js';
import { createTrainerMetrics } from './trainer-metrics.js';
import { TrainerWorker } from './trainer-worker.js';
import { ThreadedTrials } from './threaded-trials.js';

export const TRAINER_OPTIONS = {
  datasetService: {
    flag: 'dataset-service',
    env: 'FACENAS_DATASET_SERVICE',
    kind: 'string',
    schema: hostPortSchema.optional(),
    help: 'DatasetService HOST:PORT to stream batches from (without it the trainer opens datasets itself)',
  } satisfies OptionSpec<string | undefined>,
  workers: {
    flag: 'workers',
    env: 'FACENAS_TRAINER_WORKERS',
    kind: 'string',
    schema: z.coerce.number().int().min(1, 'must be at least 1').max(64, 'must be at most 64').default(1),
    help: 'trials trained at once by this process (one per core is the most that helps)',
    shownDefault: '1',
  } satisfies OptionSpec<number>,
  ackWaitMs: {
    flag: 'ack-wait-ms',
    env: 'FACENAS_ACK_WAIT_MS',
    kind: 'string',
    schema: z.coerce.number().int().min(300, 'must be at least 300').max(3_600_000).default(60_000),
    help: "the trainers consumer's ack_wait: a job whose trainer stops heartbeating is redelivered after this",
    shownDefault: '60000',
  } satisfies OptionSpec<number>,
  graceMs: {
    flag: 'grace-ms',
    env: 'FACENAS_TRAINER_GRACE_MS',
    kind: 'string',
    schema: z.coerce.number().int().min(0).max(86_400_000).default(30_000),
    help: 'on SIGTERM, how long a running trial may take to finish before it is handed back to the queue',
    shownDefault: '30000',
  } satisfies OptionSpec<number>,
  backend: {
    flag: 'backend',
    env: 'FACENAS_BACKEND',
    kind: 'string',
    schema: z.enum(['auto', 'tensorflow', 'wasm', 'cpu']).default('auto'),
    help: 'tensor backend: tensorflow (tfjs-node-gpu/tfjs-node when installed), wasm, cpu; auto picks the first available',
    shownDefault: 'auto',
  } satisfies OptionSpec<'auto' | 'tensorflow' | 'wasm' | 'cpu'>,
  threads: {
    flag: 'threads',
    env: 'FACENAS_THREADS',
    kind: 'string',
    schema: z.coerce.number().int().min(1).max(64).optional(),
    help: 'wasm threads per trial (default 1: on 2 cores one thread trained fastest)',
  } satisfies OptionSpec<number | undefined>,
  workerName: {
    flag: 'name',
    env: 'FACENAS_TRAINER_NAME',
    kind: 'string',
    schema: optionalString,
    help: 'name in trial records and logs (default: host name and pid)',
  } satisfies OptionSpec<string | undefined>,
};

/** `facenas serve trainer`: workers that take trial jobs from JetStream and train them. */
export const trainerServeEntry = defineServeEntry({
  name: 'trainer',
  summary: 'trainer workers: pull trial jobs from JetStream, train and evaluate the child networks, report',
  options: TRAINER_OPTIONS,
  async start({ options, logger, registry }) {
    if (!options.nats) {
      throw new UsageError('--nats', 'a trainer takes its jobs from NATS JetStream: give --nats URL or NATS_URL (`facenas search` runs trainers in-process without NATS)');
    }
    const bus = await openServiceBus(options, 'facenas-trainer', logger);
    const metrics = createTrainerMetrics(registry);
    const base = options.workerName ?? `${hostname()}-${process.pid}`;
    // Each worker trains on a thread of its own: all cores in use, and the main thread free
    // for heartbeats and reports however long a step takes.
    const threads = Array.from(
      { length: options.workers },
      () => new ThreadedTrials({ backend: options.backend, threads: options.threads, datasetAddress: options.datasetService, datasetTls: outgoingTls(options) }, bus),
    );
    const workers = threads.map(
      (thread, i) =>
        new TrainerWorker({
          bus,
          consumer: trainersConsumerSpec(null, options.ackWaitMs),
          name: options.workers === 1 ? base : `${base}-${i}`,
          logger,
          metrics,
          graceMs: options.graceMs,
          runTrial: thread.run,
        }),
    );
    return {
      bindings: [],
      async ready() {
        await bus.ensureStream(trialsStreamSpec());
        for (const worker of workers) await worker.start();
      },
      async stop() {
        await Promise.all(workers.map((w) => w.stop()));
        await Promise.all(threads.map((t) => t.close()));
        await bus.close();
      },
    };
  },
});
