import { z } from 'zod';
import { optionalString, type OptionSpec } from '../common/config/options.js';
import { openServiceBus } from '../common/bus/service-bus.js';
import { defineServeEntry } from '../common/service/serve-entry.js';
import { AgentTokens } from './agent-tokens.js';
import { DEFAULT_MEASUREMENT } from './latency-profiler.js';
import { createProfilerParts } from './profiler-parts.js';
import { searchSpaceCatalog } from './search-space-catalog.js';

/** KV bucket of measured latencies and calibrated tables. */
export const LATENCY_BUCKET = 'facenas_latency';

const count = (fallback: number, min = 1) => z.coerce.number().int().min(min).max(10_000).default(fallback);
const millis = (fallback: number) => z.coerce.number().int().min(10).max(86_400_000).default(fallback);

export const PROFILER_OPTIONS = {
  agentTokens: {
    flag: 'agent-tokens',
    env: 'FACENAS_AGENT_TOKENS',
    kind: 'string',
    schema: optionalString,
    help: 'file of "TOKEN DEVICE-PATTERN" lines agents must match (without it any agent may connect)',
  } satisfies OptionSpec<string | undefined>,
  dataDir: {
    flag: 'data-dir',
    env: 'FACENAS_DATA_DIR',
    kind: 'string',
    schema: optionalString,
    help: 'without --nats: folder where the latency cache and tables persist',
  } satisfies OptionSpec<string | undefined>,
  imageSize: { flag: 'image-size', kind: 'string', schema: count(DEFAULT_MEASUREMENT.imageSize, 32), help: 'image size when a request gives 0', shownDefault: '112' } satisfies OptionSpec<number>,
  warmupRuns: { flag: 'warmup-runs', kind: 'string', schema: count(DEFAULT_MEASUREMENT.warmupRuns, 0), help: 'default warm-up runs', shownDefault: '10' } satisfies OptionSpec<number>,
  runs: { flag: 'runs', kind: 'string', schema: count(DEFAULT_MEASUREMENT.runs), help: 'default timed runs', shownDefault: '50' } satisfies OptionSpec<number>,
  calibrationRuns: { flag: 'calibration-runs', kind: 'string', schema: count(DEFAULT_MEASUREMENT.calibrationRuns), help: 'timed runs per layer when calibrating', shownDefault: '20' } satisfies OptionSpec<number>,
  calibrationFitArchs: {
    flag: 'calibration-fit-archs',
    kind: 'string',
    schema: count(DEFAULT_MEASUREMENT.calibrationFitArchitectures, 0),
    help: 'random architectures measured after a calibration to fit the table correction (0 = none)',
    shownDefault: '10',
  } satisfies OptionSpec<number>,
  requeueDeadlineMs: {
    flag: 'requeue-deadline-ms',
    env: 'FACENAS_REQUEUE_DEADLINE_MS',
    kind: 'string',
    schema: millis(120_000),
    help: 'a measurement whose device has no agent left waits this long for one, then fails UNAVAILABLE',
    shownDefault: '120000',
  } satisfies OptionSpec<number>,
  heartbeatIntervalMs: { flag: 'heartbeat-interval-ms', kind: 'string', schema: millis(5_000), help: 'agent heartbeat period', shownDefault: '5000' } satisfies OptionSpec<number>,
  heartbeatTimeoutMs: {
    flag: 'heartbeat-timeout-ms',
    kind: 'string',
    schema: millis(15_000),
    help: 'an agent silent this long is considered gone',
    shownDefault: '15000',
  } satisfies OptionSpec<number>,
};

/** `facenas serve profiler`: ProfilerService for clients and AgentService for edge agents. */
export const profilerServeEntry = defineServeEntry({
  name: 'profiler',
  summary: 'latency profiler: measures on connected edge agents, caches, predicts from lookup tables',
  options: PROFILER_OPTIONS,
  async start({ options, logger, registry }) {
    const tokens = options.agentTokens ? AgentTokens.fromFile(options.agentTokens) : null;
    const bus = await openServiceBus(options, 'facenas-profiler', logger, options.dataDir);
    const parts = createProfilerParts({
      kv: await bus.kv(LATENCY_BUCKET),
      catalog: searchSpaceCatalog(),
      tokens,
      logger,
      registry,
      heartbeatIntervalMs: options.heartbeatIntervalMs,
      heartbeatTimeoutMs: options.heartbeatTimeoutMs,
      orphanDeadlineMs: options.requeueDeadlineMs,
      defaults: { ...DEFAULT_MEASUREMENT, imageSize: options.imageSize, warmupRuns: options.warmupRuns, runs: options.runs, calibrationRuns: options.calibrationRuns, calibrationFitArchitectures: options.calibrationFitArchs },
    });
    return {
      bindings: parts.bindings,
      async stop() {
        await parts.stop?.();
        await bus.close();
      },
    };
  },
});
