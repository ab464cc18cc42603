import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bus } from '../../services/common/bus/bus.js';
import { connectNatsBus } from '../../services/common/bus/nats-bus.js';
import type { SearchServiceClient } from '../../services/common/generated/facenas/v1/SearchService.js';
import { createClient, unary } from '../../services/common/grpc/client.js';
import { checkHealth } from '../../services/common/grpc/health-client.js';
import { facenasGrpc } from '../../services/common/grpc/proto-package.js';
import { createLogger } from '../../services/common/logging/logger.js';
import { testSpec, until } from '../support/controller-harness.js';
import { freePort, NatsServerProcess } from '../support/nats-server.js';
import { SimulatedTrainers } from '../support/simulated-trainer.js';
import { AGENT_DEVICE, AGENT_IMAGE_SIZE, startProfilerWithAgent, type ProfilerWithAgent } from './profiler-with-agent.js';

// A real `facenas serve controller` process on real NATS, killed with SIGKILL in the
// middle of a search and started again: the search completes with exactly N distinct
// trials, each trained once, including the ones whose results came in while it was dead.

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const N = 10;
const logger = createLogger('test', 'silent');

let nats: NatsServerProcess;
let profiler: ProfilerWithAgent;
let trainerBus: Bus;

beforeAll(async () => {
  nats = await NatsServerProcess.start();
  profiler = await startProfilerWithAgent();
  trainerBus = await connectNatsBus({ url: nats.url, name: 'sigkill-trainers', logger });
});

afterAll(async () => {
  await trainerBus?.close();
  await profiler?.stop();
  await nats?.dispose();
});

interface Controller {
  child: ChildProcess;
  stderr(): string;
}

function spawnController(grpcPort: number): Controller {
  const child = spawn(
    process.execPath,
    [`${ROOT}bin/facenas.js`, 'serve', 'controller', '--nats', nats.url, '--profiler', profiler.address, '--host', '127.0.0.1', '--grpc-port', String(grpcPort), '--metrics-port', '0', '--dead-letter-poll-ms', '500', '--log-level', 'warn'],
    { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  return { child, stderr: () => stderr };
}

async function untilServing(address: string, controller: Controller): Promise<void> {
  await until(
    async () => {
      if (controller.child.exitCode !== null) throw new Error(`controller exited with ${controller.child.exitCode}: ${controller.stderr().slice(-2000)}`);
      return (await checkHealth(address, 'facenas.v1.SearchService', { deadlineMs: 1_000 }).catch(() => 'DOWN')) === 'SERVING';
    },
    'controller SERVING',
    60_000,
  );
}

function killHard(controller: Controller): Promise<void> {
  return new Promise((resolve) => {
    controller.child.once('exit', () => resolve());
    controller.child.kill('SIGKILL');
  });
}

describe('facenas serve controller killed with SIGKILL', () => {
  it('resumes the search after a restart: exactly N distinct trials, none trained twice', async () => {
    const port = await freePort();
    const address = `127.0.0.1:${port}`;
    const client = createClient<SearchServiceClient>(facenasGrpc().SearchService, address);
    const trainers = await SimulatedTrainers.start({ bus: trainerBus, workers: 2, trainMs: 250 });
    let controller = spawnController(port);
    try {
      await untilServing(address, controller);
      const spec = testSpec({ maxTrials: N, parallelTrials: 2, reward: { ...testSpec().reward!, device: AGENT_DEVICE, imageSize: AGENT_IMAGE_SIZE } });
      const { searchId } = await unary(client, client.startSearch, { spec });
      await until(async () => ((await unary(client, client.getSearch, { searchId })).search?.trialsSucceeded ?? 0) >= N / 2, 'half the trials done', 120_000);

      await killHard(controller);
      const doneAtKill = trainers.trainings.filter((t) => t.outcome === 'succeeded').length;
      await until(() => trainers.trainings.filter((t) => t.outcome === 'succeeded').length > doneAtKill, 'a result while the controller is dead', 60_000);

      controller = spawnController(port);
      await untilServing(address, controller);
      await until(async () => (await unary(client, client.getSearch, { searchId })).search?.state !== 'SEARCH_STATE_RUNNING', 'search finished', 120_000);

      const { search } = await unary(client, client.getSearch, { searchId });
      expect(search).toMatchObject({ state: 'SEARCH_STATE_SUCCEEDED', trialsCreated: N, trialsSucceeded: N });
      const { trials } = await unary(client, client.listTrials, { searchId });
      expect(new Set(trials.map((t) => t.id)).size).toBe(N);
      expect(new Set(trials.map((t) => t.index))).toEqual(new Set(Array.from({ length: N }, (_, i) => i)));
      const trainedPerTrial = trainers.completedTrainings();
      expect(trainedPerTrial.size).toBe(N);
      expect([...trainedPerTrial.values()].every((n) => n === 1)).toBe(true);
      for (const t of trials) expect(t.latency?.device).toBe(AGENT_DEVICE);
    } finally {
      client.close();
      await trainers.stop();
      if (controller.child.exitCode === null) await killHard(controller);
    }
  }, 360_000);
});
