import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectNatsBus } from '../../services/common/bus/nats-bus.js';
import { createLogger } from '../../services/common/logging/logger.js';
import { startController, testSpec, untilState } from '../support/controller-harness.js';
import { NatsServerProcess } from '../support/nats-server.js';
import { SimulatedTrainers } from '../support/simulated-trainer.js';

// On JetStream a job that runs out of deliveries becomes a dead letter only through the
// MAX_DELIVERIES advisory (services/common/bus/nats-dead-letters.ts): the controller
// must still fail its trial, with the reason.

const logger = createLogger('test', 'silent');
let nats: NatsServerProcess;

beforeAll(async () => {
  nats = await NatsServerProcess.start();
});
afterAll(async () => {
  await nats?.dispose();
});

describe('dead letters on real NATS', () => {
  it('fails a trial whose job every trainer took and dropped', async () => {
    const bus = await connectNatsBus({ url: nats.url, name: 'dead-letters', logger });
    const controller = await startController(bus);
    // Trainers that take the job and die with it: JetStream redelivers after ack_wait, three times.
    const trainers = await SimulatedTrainers.start({ bus, workers: 2, ackWaitMs: 700, outcome: () => ({ kind: 'vanish' }) });
    try {
      const runner = await controller.manager().startSearch(testSpec({ maxTrials: 1, parallelTrials: 1 }));
      await untilState(() => runner, ['SEARCH_STATE_FAILED'], 30_000);
      const [trial] = runner.trialList();
      expect(trial.state).toBe('TRIAL_STATE_FAILED');
      expect(trial.reason).toMatch(/^max_deliveries: the trial's job was delivered 3 times without a result/);
      expect(trainers.trainings.map((t) => [t.trialId, t.delivery, t.outcome])).toEqual([
        ['trial-0000', 1, 'vanished'],
        ['trial-0000', 2, 'vanished'],
        ['trial-0000', 3, 'vanished'],
      ]);
    } finally {
      await trainers.stop();
      await controller.stop();
      await bus.close();
    }
  });
});
