import { afterEach, describe, expect, it } from 'vitest';
import type { Bus } from '../../common/bus/bus.js';
import { createMemoryBus } from '../../common/bus/memory-bus.js';
import { encodeJson } from '../../common/bus/bus.js';
import { eventSubject, trainersConsumerSpec } from '../../common/bus/subjects.js';
import { publishTrialReport } from '../../common/bus/trial-reports.js';
import { InvalidArgumentsError } from '../../common/errors/errors.js';
import type { SearchEvent__Output } from '../../common/generated/facenas/v1/SearchEvent.js';
import type { Search__Output } from '../../common/generated/facenas/v1/Search.js';
import { encode, MOBILEFACENET } from '../../common/search-space/index.js';
import { startController, testSpec, until, untilState, type ControllerHarnessOptions } from '../../../test/support/controller-harness.js';
import { FormulaLatencyOracle, formulaLatencyMs } from '../../../test/support/formula-latency-oracle.js';
import { SimulatedTrainers, type SimulatedTrainerOptions } from '../../../test/support/simulated-trainer.js';
import { mobileFaceNetCodec } from '../architecture/mobilefacenet-codec.js';
import type { ControllerParts } from '../controller-parts.js';
import { registryStrategyFactory } from '../strategies/strategy-factory.js';
import type { StrategyFactory } from './ports.js';

// The controller over the in-memory bus with simulated trainers and a latency formula.

let bus: Bus;
let controller: ControllerParts | null = null;
let trainers: SimulatedTrainers | null = null;

afterEach(async () => {
  await trainers?.stop();
  await controller?.stop();
  await bus?.close();
  trainers = null;
  controller = null;
});

type SetUp = Partial<Omit<SimulatedTrainerOptions, 'bus'>> & { controller?: ControllerHarnessOptions };

async function setUp(options: SetUp = {}) {
  bus = createMemoryBus();
  controller = await startController(bus, options.controller);
  trainers = await SimulatedTrainers.start({ workers: 4, trainMs: 20, ...options, bus });
  return controller.manager();
}

/** Trials that are CREATED or RUNNING according to a Search message. */
function active(search: Search__Output): number {
  return search.trialsCreated - search.trialsSucceeded - search.trialsFailed - search.trialsKilled - search.trialsEarlyStopped;
}

/** Proposes the given decision vectors in turn (then repeats the last). */
function scriptedStrategies(script: number[][]): StrategyFactory {
  const real = registryStrategyFactory();
  return {
    validate: (algorithm) => real.validate(algorithm),
    async create() {
      let next = 0;
      return {
        ask: async (k) => Array.from({ length: k }, () => ({ decisions: script[Math.min(next++, script.length - 1)], logProbs: [] })),
        tell: async () => undefined,
        state: async () => ({ next }),
        dispose: () => undefined,
      };
    },
  };
}

describe('a search over the in-memory bus', () => {
  it('runs to completion: exactly maxTrials trials, never more than parallelTrials active, rewards by the MnasNet formula', async () => {
    const manager = await setUp();
    const events: SearchEvent__Output[] = [];
    const runner = await manager.startSearch(testSpec({ maxTrials: 7, parallelTrials: 3 }));
    manager.watch(runner.id, (e) => events.push(e), false);
    await untilState(() => runner, ['SEARCH_STATE_SUCCEEDED', 'SEARCH_STATE_FAILED']);

    expect(runner.search.state).toBe('SEARCH_STATE_SUCCEEDED');
    const trials = runner.trialList();
    expect(trials).toHaveLength(7);
    expect(new Set(trials.map((t) => t.id)).size).toBe(7);
    expect(trials.every((t) => t.state === 'TRIAL_STATE_SUCCEEDED')).toBe(true);
    expect(Math.max(...events.map((e) => active(e.search as Search__Output)))).toBeLessThanOrEqual(3);
    expect(Math.max(...events.map((e) => active(e.search as Search__Output)))).toBe(3);

    const t = trials[0];
    // soft constraint, T = 10 ms: reward = accuracy × (latency / 10)^−0.07
    const latency = formulaLatencyMs(t.architecture);
    expect(t.latency?.medianMs).toBe(latency);
    expect(t.accuracy).toBe(t.metrics?.verificationAccuracy);
    expect(t.reward).toBeCloseTo((t.accuracy as number) * Math.pow(latency / 10, -0.07), 12);
    expect(t).toMatchObject({ attempts: 1, jobPublished: true, worker: expect.stringMatching(/^sim-/), modelUri: expect.stringContaining(`/${runner.id}/${t.id}`) });
    expect(t.logProbs).toEqual([]);
    expect(t.startedAtMs).toBeGreaterThan(0);
    expect(t.completedAtMs).toBeGreaterThanOrEqual(t.startedAtMs);
    expect(trainers?.completedTrainings().size).toBe(7);
    expect([...(trainers?.completedTrainings().values() ?? [])].every((n) => n === 1)).toBe(true);

    const best = trials.reduce((a, b) => ((b.reward as number) > (a.reward as number) ? b : a));
    expect(runner.message()).toMatchObject({ trialsCreated: 7, trialsSucceeded: 7, bestTrialId: best.id, bestReward: best.reward });
    expect(events.at(-1)?.kind).toBe('SEARCH_EVENT_KIND_SEARCH_COMPLETED');
    expect(events.filter((e) => e.kind === 'SEARCH_EVENT_KIND_NEW_BEST').at(-1)?.trial?.id).toBe(best.id);
    // Other readers of the events stream learn that the search is over.
    const outcome = await bus.consumer({ stream: 'FACENAS_EVENTS', durable: 'probe', filterSubject: eventSubject(runner.id, 'search.completed'), ackWaitMs: 5_000, maxDeliver: 1 });
    expect((await outcome.next(2_000))?.json<Search__Output>()).toMatchObject({ id: runner.id, state: 'SEARCH_STATE_SUCCEEDED', trialsSucceeded: 7 });
  });

  it('runs the reinforce policy: each trial keeps the log-probabilities of the decisions it sampled', async () => {
    const manager = await setUp();
    const runner = await manager.startSearch(testSpec({ maxTrials: 4, parallelTrials: 2, algorithm: { name: 'reinforce', settings: [{ name: 'lstm_hidden', value: '8' }] } }));
    await untilState(() => runner, ['SEARCH_STATE_SUCCEEDED']);
    for (const t of runner.trialList()) {
      expect(t.sampledDecisions).toHaveLength(37);
      expect(t.logProbs).toHaveLength(37);
      expect(t.logProbs.every((lp) => lp <= 0 && Number.isFinite(lp))).toBe(true);
      expect(t.architecture.decisions).toEqual(mobileFaceNetCodec.fromDecisions(t.sampledDecisions, 32).decisions);
    }
  });

  it('reuses the result of an architecture already evaluated instead of training it again', async () => {
    const a = encode(MOBILEFACENET);
    const b = [...a];
    b[0] = 1; // block 0 becomes depthwise-separable
    const manager = await setUp({ controller: { strategies: scriptedStrategies([a, b, a, b, a]) }, trainMs: 30 });
    const runner = await manager.startSearch(testSpec({ maxTrials: 5, parallelTrials: 2 }));
    await untilState(() => runner, ['SEARCH_STATE_SUCCEEDED']);

    const trials = runner.trialList();
    expect(trials.map((t) => t.reusedFrom)).toEqual(['', '', 'trial-0000', 'trial-0001', 'trial-0000']);
    for (const t of trials.slice(2)) {
      const origin = runner.trial(t.reusedFrom);
      expect(t).toMatchObject({ state: 'TRIAL_STATE_SUCCEEDED', reward: origin?.reward, metrics: origin?.metrics, modelUri: origin?.modelUri });
    }
    expect(trainers?.trainings.map((x) => x.trialId).sort()).toEqual(['trial-0000', 'trial-0001']);
  });

  it('StopSearch kills the active trials and withdraws their queued jobs', async () => {
    const manager = await setUp({ workers: 2, trainMs: 30_000 });
    const runner = await manager.startSearch(testSpec({ maxTrials: 10, parallelTrials: 4 }));
    await until(() => runner.trialList().filter((t) => t.state === 'TRIAL_STATE_RUNNING').length === 2, 'two trials running');
    await runner.stop();

    expect(runner.search.state).toBe('SEARCH_STATE_STOPPED');
    expect(runner.trialList().map((t) => t.state)).toEqual(Array(4).fill('TRIAL_STATE_KILLED'));
    // The two trainers got the kill order and stopped; the two queued jobs are gone.
    await until(() => trainers?.trainings.filter((t) => t.outcome === 'killed').length === 2, 'both trainers killed');
    const probe = await bus.consumer(trainersConsumerSpec(2));
    expect(await probe.pending()).toEqual({ pending: 0, ackPending: 0 });
    await new Promise((r) => setTimeout(r, 200));
    expect(trainers?.trainings).toHaveLength(2);
  });

  it('ends FAILED at maxFailedTrials, killing what still runs', async () => {
    const manager = await setUp({ workers: 3, outcome: (job) => (job.trialId === 'trial-0002' ? { kind: 'succeed' } : { kind: 'fail', reason: 'training: loss became NaN' }), trainMs: (job) => (job.trialId === 'trial-0002' ? 30_000 : 10) });
    const runner = await manager.startSearch(testSpec({ maxTrials: 10, parallelTrials: 3, maxFailedTrials: 2 }));
    await untilState(() => runner, ['SEARCH_STATE_FAILED']);

    expect(runner.search.message).toBe('2 trials failed (maxFailedTrials 2)');
    const states = runner.trialList().map((t) => t.state);
    expect(states.filter((s) => s === 'TRIAL_STATE_FAILED')).toHaveLength(2);
    expect(runner.trial('trial-0002')?.state).toBe('TRIAL_STATE_KILLED');
    expect(states.every((s) => s === 'TRIAL_STATE_FAILED' || s === 'TRIAL_STATE_KILLED')).toBe(true);
    expect(runner.trialList().find((t) => t.state === 'TRIAL_STATE_FAILED')?.reason).toBe('training: loss became NaN');
  });

  it('fails a trial whose job ran out of deliveries, with the reason, through the dead letters', async () => {
    const manager = await setUp({ workers: 2, ackWaitMs: 2_000, outcome: () => ({ kind: 'fail', reason: 'dataset: stream reset', retrying: true }) });
    const runner = await manager.startSearch(testSpec({ maxTrials: 1, parallelTrials: 1 }));
    await untilState(() => runner, ['SEARCH_STATE_FAILED']);

    const [trial] = runner.trialList();
    expect(trial.state).toBe('TRIAL_STATE_FAILED');
    expect(trial.reason).toMatch(/^max_deliveries: the trial's job was delivered 3 times without a result/);
    expect(trial.attempts).toBe(3);
    expect(trainers?.trainings.map((t) => t.outcome)).toEqual(['retrying', 'retrying', 'retrying']);
    expect(runner.search.message).toBe('all 1 trials failed');
  });

  it('fails a trial whose latency cannot be measured, and tells its trainer to stop', async () => {
    const a = encode(MOBILEFACENET);
    const b = [...a];
    b[0] = 1;
    const unmeasurable = mobileFaceNetCodec.fromDecisions(a, 32).id;
    const latency = new FormulaLatencyOracle({ delayMs: 100, failing: new Set([unmeasurable]) });
    const manager = await setUp({ controller: { latency, strategies: scriptedStrategies([a, b]) }, trainMs: 1_500 });
    const runner = await manager.startSearch(testSpec({ maxTrials: 2, parallelTrials: 2 }));
    await until(() => runner.trial('trial-0000')?.state === 'TRIAL_STATE_FAILED', 'trial 0 failed');
    expect(runner.trial('trial-0000')?.reason).toBe('latency: device: no agent of device "edge-test" answered');
    await until(() => trainers?.trainings.some((t) => t.trialId === 'trial-0000' && t.outcome === 'killed') ?? false, 'trial 0 killed on its trainer');
    expect(runner.trial('trial-0001')?.state).toBe('TRIAL_STATE_RUNNING');
  });

  it('ignores a second result for a finished trial and drops unreadable reports without harm', async () => {
    const manager = await setUp();
    const runner = await manager.startSearch(testSpec({ maxTrials: 1, parallelTrials: 1 }));
    await untilState(() => runner, ['SEARCH_STATE_SUCCEEDED']);
    const before = structuredClone(runner.trialList()[0]);

    await publishTrialReport(bus, { searchId: runner.id, trialId: 'trial-0000', state: 'TRIAL_STATE_FAILED', reason: 'late failure', delivery: 2 });
    await publishTrialReport(bus, { searchId: runner.id, trialId: 'trial-0000', state: 'TRIAL_STATE_SUCCEEDED', metrics: { verificationAccuracy: 0.1 }, delivery: 3 });
    await bus.publish(eventSubject(runner.id, 'trial.completed'), encodeJson({ searchId: runner.id, trialId: 'trial-0000', state: 'TRIAL_STATE_SUCCEEDED', metrics: { top1: 'high' } }));
    await bus.publish(eventSubject(runner.id, 'trial.completed'), new TextEncoder().encode('{not json'));
    await publishTrialReport(bus, { searchId: 'no-such-search', trialId: 'trial-0000', state: 'TRIAL_STATE_RUNNING', delivery: 1 });
    const pending = await bus.consumer({ stream: 'FACENAS_EVENTS', durable: 'controller', filterSubject: 'facenas.events.>', ackWaitMs: 30_000, maxDeliver: 20 });
    await until(async () => {
      const p = await pending.pending();
      return p.pending === 0 && p.ackPending === 0;
    }, 'every report read');
    expect(runner.trialList()[0]).toEqual(before);
  });

  it('rejects an invalid spec naming every bad field, strategy settings included', async () => {
    const manager = await setUp();
    const bad = testSpec({
      maxTrials: -1,
      budget: { ...testSpec().budget!, epochs: -1, imageSize: 40 },
      reward: { ...testSpec().reward!, device: '', targetLatencyMs: 0 },
      algorithm: { name: 'evolution', settings: [{ name: 'population_size', value: 'many' }] },
    });
    const error = await manager.startSearch(bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidArgumentsError);
    expect((error as InvalidArgumentsError).problems.map((p) => p.field).sort()).toEqual(
      ['spec.algorithm.settings.population_size', 'spec.budget.epochs', 'spec.budget.image_size', 'spec.max_trials', 'spec.reward.device', 'spec.reward.target_latency_ms'].sort(),
    );
    expect(manager.list()).toHaveLength(0);
  });

  it('sends a late watcher a snapshot, then every later event in order, and ends with the search', async () => {
    const manager = await setUp({ trainMs: 40 });
    const runner = await manager.startSearch(testSpec({ maxTrials: 8, parallelTrials: 2 }));
    await until(() => runner.message().trialsSucceeded >= 3, 'three trials done');
    const events: SearchEvent__Output[] = [];
    manager.watch(runner.id, (e) => events.push(e));
    await untilState(() => runner, ['SEARCH_STATE_SUCCEEDED']);

    const [snapshot, ...rest] = events;
    expect(snapshot.kind).toBe('SEARCH_EVENT_KIND_SNAPSHOT');
    expect(snapshot.trials.length).toBeGreaterThanOrEqual(3);
    expect(snapshot.trials.filter((t) => t.state === 'TRIAL_STATE_SUCCEEDED').length).toBe(snapshot.search?.trialsSucceeded);
    expect(rest.map((e) => e.seq)).toEqual(rest.map((_, i) => snapshot.seq + 1 + i));
    expect(rest.at(-1)?.kind).toBe('SEARCH_EVENT_KIND_SEARCH_COMPLETED');
    // Every trial the snapshot did not show as finished is finished by a later event.
    const finishedLater = new Set(rest.filter((e) => e.kind === 'SEARCH_EVENT_KIND_TRIAL_COMPLETED').map((e) => e.trial?.id));
    for (const t of runner.trialList()) {
      const shown = snapshot.trials.find((s) => s.id === t.id);
      if (shown?.state !== 'TRIAL_STATE_SUCCEEDED') expect(finishedLater.has(t.id)).toBe(true);
      else expect(finishedLater.has(t.id)).toBe(false);
    }
  });

  it('stops trials early by the median rule, from the held-out accuracy trainers report each epoch', async () => {
    const manager = await setUp({ workers: 2, trainMs: 90, epochs: 3 });
    const runner = await manager.startSearch(testSpec({ maxTrials: 14, parallelTrials: 2, earlyStopping: true }));
    const events: SearchEvent__Output[] = [];
    manager.watch(runner.id, (e) => events.push(e), false);
    await untilState(() => runner, ['SEARCH_STATE_SUCCEEDED'], 30_000);

    const trials = runner.trialList();
    const stopped = trials.filter((t) => t.state === 'TRIAL_STATE_EARLYSTOPPED');
    expect(stopped.length).toBeGreaterThan(0);
    for (const t of stopped) {
      expect(t.evalCurve.length).toBeGreaterThan(0);
      expect(t.evalCurve.length).toBeLessThan(3);
      expect(t.reward).not.toBeNull();
    }
    expect(trials.filter((t) => t.state === 'TRIAL_STATE_SUCCEEDED').every((t) => t.evalCurve.length === 3)).toBe(true);
    expect(runner.message()).toMatchObject({ trialsEarlyStopped: stopped.length, trialsSucceeded: 14 - stopped.length });
    const progress = events.filter((e) => e.kind === 'SEARCH_EVENT_KIND_TRIAL_PROGRESS');
    expect(progress.length).toBeGreaterThan(0);
    expect(progress[0].progress).toMatchObject({ epochs: 3, hasEvalAccuracy: true });
  });

  it('runs the MobileFaceNet baseline as trial 0 outside maxTrials', async () => {
    const manager = await setUp();
    const runner = await manager.startSearch(testSpec({ maxTrials: 3, parallelTrials: 2, includeBaseline: true }));
    await untilState(() => runner, ['SEARCH_STATE_SUCCEEDED']);
    const trials = runner.trialList();
    expect(trials).toHaveLength(4);
    expect(trials[0]).toMatchObject({ baseline: true, state: 'TRIAL_STATE_SUCCEEDED' });
    expect(trials[0].architecture.decisions).toEqual(encode(MOBILEFACENET));
    expect(trials.slice(1).every((t) => !t.baseline)).toBe(true);
  });

  it('resumes a stopped search, replacing the killed trials, and raises maxTrials on request', async () => {
    const manager = await setUp({ workers: 2, trainMs: 30_000 });
    const runner = await manager.startSearch(testSpec({ maxTrials: 4, parallelTrials: 2 }));
    await until(() => runner.trialList().filter((t) => t.state === 'TRIAL_STATE_RUNNING').length === 2, 'two running');
    await runner.stop();
    await trainers?.stop();
    trainers = await SimulatedTrainers.start({ bus, workers: 2, trainMs: 10 });

    await expect(manager.resume(runner.id, 100_000)).rejects.toThrow('max_trials: must be an integer in [0, 10000]');
    await manager.resume(runner.id, 5);
    await untilState(() => runner, ['SEARCH_STATE_SUCCEEDED']);
    const states = runner.trialList().map((t) => t.state);
    expect(states.filter((s) => s === 'TRIAL_STATE_KILLED')).toHaveLength(2);
    expect(states.filter((s) => s === 'TRIAL_STATE_SUCCEEDED')).toHaveLength(5);
    await expect(manager.resume(runner.id, 3)).rejects.toThrow('max_trials 3 is below the 5 trials the search already counts');
  });
});
