import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bus } from '../../services/common/bus/bus.js';
import { createMemoryBus } from '../../services/common/bus/memory-bus.js';
import { connectNatsBus } from '../../services/common/bus/nats-bus.js';
import { createLogger } from '../../services/common/logging/logger.js';
import { decodeJson } from '../../services/common/bus/bus.js';
import { STRATEGY_STATE_BUCKET } from '../../services/controller/store/search-store.js';
import type { ControllerParts } from '../../services/controller/controller-parts.js';
import { startController, testSpec, until, untilState } from '../support/controller-harness.js';
import { NatsServerProcess } from '../support/nats-server.js';
import { SimulatedTrainers, type Training } from '../support/simulated-trainer.js';

// A controller stopped in the middle of a search and a new one started over the same
// state: it must finish with exactly maxTrials distinct trials, train none twice, and
// take the results that trainers published while no controller was running.

const MAX_TRIALS = 12;
const logger = createLogger('test', 'silent');

interface World {
  /** The bus the first controller uses and, after it, the second one. */
  controllerBus(): Promise<Bus>;
  trainerBus(): Promise<Bus>;
  /** Between the controllers (the embedded process restarting: the bus goes down too). */
  betweenControllers(): Promise<void>;
}

async function stopMidSearchAndResume(world: World): Promise<void> {
  const trainings: Training[] = [];
  let trainers = await SimulatedTrainers.start({ bus: await world.trainerBus(), workers: 3, trainMs: 80 });
  let first: ControllerParts | null = await startController(await world.controllerBus());
  const runner = await first.manager().startSearch(testSpec({ maxTrials: MAX_TRIALS, parallelTrials: 3, algorithm: { name: 'evolution', settings: [{ name: 'population_size', value: '4' }, { name: 'sample_size', value: '2' }] } }));
  const searchId = runner.id;
  await until(() => runner.message().trialsSucceeded >= 4, 'four trials done');
  await first.stop();
  first = null;
  const applied = new Set(runner.trialList().filter((t) => t.state === 'TRIAL_STATE_SUCCEEDED').map((t) => t.id));
  // Jobs out when the controller stopped (how many depends on timing: at least one).
  const outstanding = runner.trialList().filter((t) => t.jobPublished && (t.state === 'TRIAL_STATE_CREATED' || t.state === 'TRIAL_STATE_RUNNING'));
  expect(outstanding.length).toBeGreaterThanOrEqual(1);

  // Trainers finish the jobs they hold and the queued ones while no controller runs.
  const done = () => new Set(trainers.trainings.filter((t) => t.outcome === 'succeeded').map((t) => t.trialId));
  await until(() => outstanding.every((t) => done().has(t.id)), 'results published while the controller is down', 60_000);
  await trainers.stop();
  trainings.push(...trainers.trainings);
  const whileDown = trainers.trainings.filter((t) => t.outcome === 'succeeded' && !applied.has(t.trialId)).map((t) => t.trialId);
  await world.betweenControllers();
  trainers = await SimulatedTrainers.start({ bus: await world.trainerBus(), workers: 3, trainMs: 80, name: 'after' });

  const second = await startController(await world.controllerBus());
  try {
    const resumed = second.manager().get(searchId);
    expect(resumed.isRunning()).toBe(true);
    await untilState(() => resumed, ['SEARCH_STATE_SUCCEEDED', 'SEARCH_STATE_FAILED'], 60_000);
    await trainers.stop();
    trainings.push(...trainers.trainings);

    expect(resumed.search.state).toBe('SEARCH_STATE_SUCCEEDED');
    const trials = resumed.trialList();
    expect(trials.map((t) => t.id)).toEqual(Array.from({ length: MAX_TRIALS }, (_, i) => `trial-${String(i).padStart(4, '0')}`));
    expect(trials.every((t) => t.state === 'TRIAL_STATE_SUCCEEDED')).toBe(true);
    // The strategy learned from every trial once and made exactly one proposal per trial.
    await second.stop();
    const stored = await (await (await world.controllerBus()).kv(STRATEGY_STATE_BUCKET)).get(`strategy.${searchId}`);
    const saved = decodeJson<{ proposals: number; state: { told: string[] } }>(stored!.value);
    expect(saved.proposals).toBe(MAX_TRIALS);
    expect([...saved.state.told].sort()).toEqual(trials.map((t) => t.id));
    // No trial trained twice: one SUCCEEDED training per trial, over both sets of trainers.
    const perTrial = new Map<string, number>();
    for (const t of trainings.filter((x) => x.searchId === searchId && x.outcome === 'succeeded')) perTrial.set(t.trialId, (perTrial.get(t.trialId) ?? 0) + 1);
    expect([...perTrial.keys()].sort()).toEqual(trials.map((t) => t.id));
    expect([...perTrial.values()].every((n) => n === 1)).toBe(true);
    // The results that arrived while it was down were taken, from the workers that made them.
    expect(whileDown.length).toBeGreaterThanOrEqual(outstanding.length);
    for (const id of whileDown) {
      const trained = trainings.find((t) => t.trialId === id && t.outcome === 'succeeded');
      expect(resumed.trial(id)?.worker).toBe(trained?.worker);
    }
  } finally {
    await second.stop();
  }
}

describe('controller restart, in-memory bus persisted in a data folder', () => {
  it('resumes the search from the files with nothing lost and nothing trained twice', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'facenas-controller-restart-'));
    let bus = createMemoryBus({ dataDir: dir, logger });
    try {
      await stopMidSearchAndResume({
        controllerBus: async () => bus,
        trainerBus: async () => bus,
        async betweenControllers() {
          await bus.close();
          bus = createMemoryBus({ dataDir: dir, logger });
        },
      });
    } finally {
      await bus.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('controller restart, real NATS JetStream', () => {
  let nats: NatsServerProcess;
  beforeAll(async () => {
    // A private server: the streams, consumers and KV buckets have fixed names.
    nats = await NatsServerProcess.start();
  });
  afterAll(async () => {
    await nats?.dispose();
  });

  it('resumes from JetStream KV and the durable consumer with nothing lost and nothing trained twice', async () => {
    const trainerBus = await connectNatsBus({ url: nats.url, name: 'test-trainers', logger });
    let controllerBus = await connectNatsBus({ url: nats.url, name: 'test-controller-1', logger });
    try {
      await stopMidSearchAndResume({
        controllerBus: async () => controllerBus,
        trainerBus: async () => trainerBus,
        async betweenControllers() {
          await controllerBus.close();
          controllerBus = await connectNatsBus({ url: nats.url, name: 'test-controller-2', logger });
        },
      });
    } finally {
      await controllerBus.close();
      await trainerBus.close();
    }
  });
});
