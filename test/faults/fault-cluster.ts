import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Bus } from '../../services/common/bus/bus.js';
import { connectNatsBus } from '../../services/common/bus/nats-bus.js';
import { createLogger } from '../../services/common/logging/logger.js';
import { searchApi, type SearchApi } from '../../services/cli/search/search-api.js';
import { H2DataTap } from '../support/h2-data-tap.js';
import { NatsServerProcess } from '../support/nats-server.js';
import { startServiceProcess, type ServiceProcess } from '../support/service-process.js';

// The deployment the fault suite breaks, every part a real process on loopback: a
// private nats-server (JetStream, its own store, so the test may kill and restart it),
// `facenas serve` dataset, profiler, two latency agents of one device, controller and
// two trainers. Agent `agent-a` dials the profiler through an H2DataTap so the test can
// see a measurement task reach it. Timeouts are shortened so that each fault is
// noticed within seconds: ack_wait 3 s (trainers heartbeat every second), agent
// heartbeats every 0.5 s with a 5 s timeout (shorter starved busy agents on this
// shared 2-core machine: the profiler dropped them mid-measurement).

export const DEVICE = 'edge-fault';
export const ACK_WAIT_MS = 3_000;
const logger = createLogger('fault-test', 'silent');

export interface AgentProcess {
  process: ServiceProcess;
  /** Present when the agent connects through a tap. */
  tap: H2DataTap | null;
}

export class FaultCluster {
  trainers: ServiceProcess[] = [];
  agents: AgentProcess[] = [];
  /** Every process started, dead or alive, for the log dump. */
  private readonly started: ServiceProcess[] = [];
  private trainerCount = 0;
  private agentCount = 0;

  private constructor(
    readonly nats: NatsServerProcess,
    /** The test's own connection: reads the events stream and the trainers' queue. */
    readonly bus: Bus,
    public dataset: ServiceProcess,
    readonly profiler: ServiceProcess,
    public controller: ServiceProcess,
    readonly api: SearchApi,
  ) {}

  /** Starts everything; when one part fails to start, what did start is stopped again (no stray processes). */
  static async start(): Promise<FaultCluster> {
    const nats = await NatsServerProcess.start();
    const spawned: ServiceProcess[] = [];
    let bus: Bus | null = null;
    try {
      bus = await connectNatsBus({ url: nats.url, name: 'fault-test', logger });
      const [dataset, profiler] = await allStarted([FaultCluster.spawnDataset(), FaultCluster.spawnProfiler(nats.url)], spawned);
      const [controller] = await allStarted([FaultCluster.spawnController(nats.url, profiler.address)], spawned);
      const cluster = new FaultCluster(nats, bus, dataset, profiler, controller, searchApi(controller.address));
      cluster.started.push(dataset, profiler, controller);
      const parts = await Promise.allSettled([cluster.addAgent(true), cluster.addAgent(false), cluster.addTrainer(), cluster.addTrainer()]);
      const failed = parts.find((p): p is PromiseRejectedResult => p.status === 'rejected');
      if (failed) {
        await cluster.stop();
        throw failed.reason;
      }
      return cluster;
    } catch (err) {
      await Promise.all(spawned.map((p) => p.kill('SIGKILL')));
      await bus?.close().catch(() => undefined);
      await nats.dispose();
      throw err;
    }
  }

  static spawnDataset(port?: number): Promise<ServiceProcess> {
    // Synthetic faces rendered on the main thread: the machine has two cores for all of this.
    return startServiceProcess('dataset', ['--render-threads', '0'], { port });
  }

  private static spawnProfiler(natsUrl: string): Promise<ServiceProcess> {
    return startServiceProcess('profiler', [
      '--nats',
      natsUrl,
      '--image-size',
      '32',
      '--runs',
      '5',
      '--warmup-runs',
      '1',
      '--heartbeat-interval-ms',
      '500',
      '--heartbeat-timeout-ms',
      '5000',
      '--requeue-deadline-ms',
      '30000',
    ]);
  }

  private static spawnController(natsUrl: string, profiler: string, port?: number): Promise<ServiceProcess> {
    return startServiceProcess('controller', ['--nats', natsUrl, '--profiler', profiler, '--dead-letter-poll-ms', '500'], { port });
  }

  /** A new trainer process (`trainer-1`, `trainer-2`, ...). */
  async addTrainer(): Promise<ServiceProcess> {
    const name = `trainer-${++this.trainerCount}`;
    const trainer = await startServiceProcess(
      'trainer',
      ['--nats', this.nats.url, '--dataset-service', this.dataset.address, '--ack-wait-ms', String(ACK_WAIT_MS), '--grace-ms', '0', '--name', name],
      { label: name },
    );
    this.trainers.push(trainer);
    this.started.push(trainer);
    return trainer;
  }

  /** A new agent of DEVICE; `tapped`: it connects through an H2DataTap. */
  async addAgent(tapped: boolean): Promise<AgentProcess> {
    const label = `agent-${++this.agentCount}`;
    const tap = tapped ? await H2DataTap.start(this.profiler.address) : null;
    const agentProcess = await startServiceProcess('agent', ['--profiler', tap?.address ?? this.profiler.address, '--device', DEVICE], { label });
    const agent = { process: agentProcess, tap };
    this.agents.push(agent);
    this.started.push(agentProcess);
    return agent;
  }

  /** SIGKILLs the controller and starts a new one on the same port (same NATS, same profiler). */
  killController(): Promise<void> {
    return this.controller.kill('SIGKILL');
  }

  async restartController(): Promise<void> {
    this.controller = await FaultCluster.spawnController(this.nats.url, this.profiler.address, this.controller.port);
    this.started.push(this.controller);
  }

  async killDataset(): Promise<void> {
    await this.dataset.kill('SIGKILL');
  }

  async restartDataset(): Promise<void> {
    this.dataset = await FaultCluster.spawnDataset(this.dataset.port);
    this.started.push(this.dataset);
  }

  /** Drops dead processes from the lists (after a fault killed them). */
  forgetDead(): void {
    this.trainers = this.trainers.filter((t) => t.alive);
    this.agents = this.agents.filter((a) => a.process.alive);
  }

  /**
   * Writes each process's log lines to `<dir>/<n>-<label>.jsonl` (the suite does when
   * FACENAS_FAULT_LOGS names a folder): the timeline to read when a fault does not recover.
   */
  dumpLogs(dir: string): void {
    mkdirSync(dir, { recursive: true });
    this.started.forEach((p, i) => writeFileSync(join(dir, `${i}-${p.label}.jsonl`), p.logs.map((l) => JSON.stringify(l)).join('\n') + '\n'));
  }

  async stop(): Promise<void> {
    this.api.close();
    const all = [...this.trainers, ...this.agents.map((a) => a.process), this.controller, this.profiler, this.dataset];
    await Promise.all(all.map((p) => p.kill('SIGKILL')));
    await Promise.all(this.agents.map((a) => a.tap?.close()));
    await this.bus.close();
    await this.nats.dispose();
  }
}

/** Waits for every start; the ones that started are added to `spawned` even when another failed. */
async function allStarted(starts: Promise<ServiceProcess>[], spawned: ServiceProcess[]): Promise<ServiceProcess[]> {
  const settled = await Promise.allSettled(starts);
  for (const s of settled) if (s.status === 'fulfilled') spawned.push(s.value);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<ServiceProcess>).value);
}
