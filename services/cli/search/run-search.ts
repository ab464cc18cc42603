import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Bus } from '../../common/bus/bus.js';
import { connectNatsBus } from '../../common/bus/nats-bus.js';
import { FailedPreconditionError } from '../../common/errors/errors.js';
import type { ProfilerServiceClient } from '../../common/generated/facenas/v1/ProfilerService.js';
import type { Search__Output } from '../../common/generated/facenas/v1/Search.js';
import type { SearchSpec } from '../../common/generated/facenas/v1/SearchSpec.js';
import type { Trial__Output } from '../../common/generated/facenas/v1/Trial.js';
import { createClient, unary } from '../../common/grpc/client.js';
import { facenasGrpc } from '../../common/grpc/proto-package.js';
import { createLogger } from '../../common/logging/logger.js';
import { MOBILEFACENET, toArchitectureMessage } from '../../common/search-space/index.js';
import { DEPLOYMENT_IMAGE_SIZE } from '../../controller/spec/search-spec.js';
import { LOCAL_DEVICE, startEmbeddedSystem, type EmbeddedSystem } from '../embedded/embedded-system.js';
import { createProgressView, type ProgressView } from './progress-view.js';
import { formatDuration } from '../report/number-format.js';
import { describeResult } from './progress-state.js';
import { defaultRunDir, readRunFolder, runPaths, RUN_FORMAT_VERSION, writeBest, writePareto, writeReport, writeRunMeta, writeTrials, type RunMeta } from './run-folder.js';
import { searchApi, type SearchApi } from './search-api.js';
import type { SearchInvocation } from './search-options.js';

// `facenas search`: the whole system in this process, one search through it, its
// progress live, and a run folder at the end. Ctrl-C hands the running trials back to
// the (persisted) queue and writes what finished; `--resume DIR` picks it up again.

export interface SearchOutcome {
  runDir: string;
  search: Search__Output;
  interrupted: boolean;
}

const FINISHED = ['SEARCH_STATE_SUCCEEDED', 'SEARCH_STATE_FAILED', 'SEARCH_STATE_STOPPED'];

export async function runSearch(invocation: SearchInvocation, out: NodeJS.WriteStream = process.stdout, interrupt?: AbortSignal): Promise<SearchOutcome> {
  const previous = invocation.kind === 'resume' ? readRunFolder(invocation.runDir) : null;
  const runDir = resolve(previous?.dir ?? invocation.run.out ?? defaultRunDir());
  if (invocation.kind === 'new' && existsSync(runPaths(runDir).search)) {
    throw new FailedPreconditionError(`${runDir} already holds a run: continue it with --resume ${runDir}, or pick another --out`);
  }
  mkdirSync(runDir, { recursive: true });
  const logFile = runPaths(runDir).log;
  const logger = createLogger('facenas', invocation.run.logLevel, logFile);
  const nats = previous ? previous.meta.nats || undefined : invocation.run.nats;
  let natsBus: Bus | undefined;
  const view = createProgressView(out);
  view.say(`facenas: run folder ${runDir} (services log to ${logFile})`);
  const system: EmbeddedSystem = await startEmbeddedSystem({
    runDir,
    trainers: invocation.run.trainers,
    logger,
    metricsPort: invocation.run.metricsPort ?? null,
    profilerPort: invocation.run.profilerPort,
    openBus: nats ? async () => (natsBus = await connectNatsBus({ url: nats, name: 'facenas-search', logger })) : undefined,
  });
  view.say(
    `facenas: services up (controller ${system.controllerAddress}, profiler ${system.profilerAddress}${system.metricsPort ? `, metrics :${system.metricsPort}/metrics` : ''}); ` +
      `${invocation.run.trainers} trainer${invocation.run.trainers === 1 ? '' : 's'} on ${system.engine.backend}, bus ${nats ?? 'in-memory'}`,
  );
  const api = searchApi(system.controllerAddress);
  let meta: RunMeta | undefined;
  try {
    if (invocation.kind === 'resume') {
      meta = (previous as NonNullable<typeof previous>).meta;
      let search = await api.get(meta.searchId);
      if (FINISHED.includes(search.state) && search.state !== 'SEARCH_STATE_SUCCEEDED') search = await api.resume(meta.searchId);
      view.say(`facenas: resuming search ${meta.searchId} (${search.trialsSucceeded + search.trialsFailed} trials done)`);
    } else {
      meta = await startNewSearch(invocation.spec, invocation.run.deriveTarget, system, api, view, nats ?? '');
    }
    writeRunMeta(runDir, meta);
    const interrupted = await follow(api, meta.searchId, view, runDir, interrupt);
    const search = await finish(api, meta, runDir, view, natsBus, interrupted);
    if (!interrupted && invocation.run.lingerSeconds > 0) {
      view.say(`facenas: services stay up for ${invocation.run.lingerSeconds} s (--linger)`);
      await new Promise((resolve) => {
        const timer = setTimeout(resolve, invocation.run.lingerSeconds * 1000);
        interrupt?.addEventListener('abort', () => {
          clearTimeout(timer);
          resolve(undefined);
        });
      });
    }
    return { runDir, search, interrupted };
  } finally {
    view.close();
    api.close();
    await system.stop();
  }
}

async function startNewSearch(spec: SearchSpec, deriveTarget: boolean, system: EmbeddedSystem, api: SearchApi, view: ProgressView, nats: string): Promise<RunMeta> {
  const reward = { ...spec.reward };
  const device = reward.device || LOCAL_DEVICE;
  const latencySize = reward.imageSize || DEPLOYMENT_IMAGE_SIZE;
  let targetSource: RunMeta['targetSource'] = 'flag';
  if (deriveTarget) {
    // T from the hand-designed baseline on the same device: the search looks for
    // networks at least as good for their speed as MobileFaceNet.
    const profiler = createClient<ProfilerServiceClient>(facenasGrpc().ProfilerService, system.profilerAddress);
    try {
      view.say(`facenas: measuring MobileFaceNet at ${latencySize}x${latencySize} on device "${device}" for the latency target...`);
      const response = await unary(profiler, profiler.measureLatency, { architecture: toArchitectureMessage(MOBILEFACENET, latencySize), device, imageSize: latencySize }, { deadlineMs: 300_000 });
      reward.targetLatencyMs = response.latency?.medianMs ?? 0;
      targetSource = 'baseline';
      view.say(`facenas: MobileFaceNet takes ${reward.targetLatencyMs.toFixed(2)} ms (median) on "${device}": latency target T = ${reward.targetLatencyMs.toFixed(2)} ms`);
    } finally {
      profiler.close();
    }
  }
  const search = await api.start({ ...spec, reward: { ...reward, device } });
  view.say(
    `facenas: search ${search.id} started: ${search.spec?.algorithm?.name}, ${search.spec?.maxTrials} trials${search.spec?.includeBaseline ? ' + the MobileFaceNet baseline' : ''}, ` +
      `${search.spec?.budget?.epochs} epochs at ${search.spec?.budget?.imageSize}x${search.spec?.budget?.imageSize} on ${search.spec?.dataset}`,
  );
  const now = Date.now();
  return { version: RUN_FORMAT_VERSION, searchId: search.id, nats, device, targetLatencyMs: Number(reward.targetLatencyMs ?? 0), targetSource, createdAtMs: now, updatedAtMs: now, search };
}

/** Shows events until the search ends (false) or the user interrupts (true). */
async function follow(api: SearchApi, searchId: string, view: ProgressView, runDir: string, interrupt?: AbortSignal): Promise<boolean> {
  const watch = api.watch(searchId);
  const onInterrupt = () => watch.cancel();
  interrupt?.addEventListener('abort', onInterrupt);
  try {
    for await (const event of watch.events) {
      view.onEvent(event);
      // trials.jsonl follows the search, so a crash keeps every finished trial on disk.
      if (['SEARCH_EVENT_KIND_TRIAL_COMPLETED', 'SEARCH_EVENT_KIND_TRIAL_FAILED', 'SEARCH_EVENT_KIND_TRIAL_KILLED'].includes(event.kind)) {
        writeTrials(runDir, await api.trials(searchId));
      }
      if (view.state.finished) return false;
    }
    return interrupt?.aborted ?? false;
  } finally {
    interrupt?.removeEventListener('abort', onInterrupt);
  }
}

async function finish(api: SearchApi, meta: RunMeta, runDir: string, view: ProgressView, bus: Bus | undefined, interrupted: boolean): Promise<Search__Output> {
  const search = await api.get(meta.searchId);
  const trials = await api.trials(meta.searchId);
  const front = await api.pareto(meta.searchId);
  const final: RunMeta = { ...meta, search, updatedAtMs: Date.now() };
  writeRunMeta(runDir, final);
  writeTrials(runDir, trials);
  writePareto(runDir, front);
  const best = bestTrial(trials);
  if (best?.modelUri) await writeBest(runDir, best, bus);
  writeReport(runDir, final, trials, front.map((t) => t.id));
  const paths = runPaths(runDir);
  const took = search.completedAtMs && search.startedAtMs ? ` in ${formatDuration(Number(search.completedAtMs) - Number(search.startedAtMs))}` : '';
  if (interrupted) view.say(`facenas: interrupted; what finished is in ${runDir}. Continue with: facenas search --resume ${runDir}`);
  else view.say(`facenas: search ${search.id} ${search.state.replace('SEARCH_STATE_', '').toLowerCase()}${took}${search.message ? ` (${search.message})` : ''}`);
  if (best) view.say(`facenas: best ${best.id}: ${describeResult(best)}${best.modelUri ? ` → ${paths.best}` : ''}`);
  view.say(`facenas: report ${paths.report}`);
  return search;
}

function bestTrial(trials: readonly Trial__Output[]): Trial__Output | null {
  let best: Trial__Output | null = null;
  for (const t of trials) if (t.hasReward && (!best || t.reward > best.reward)) best = t;
  return best;
}
