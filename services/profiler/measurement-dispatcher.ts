import { randomUUID } from 'node:crypto';
import { FacenasError, FailedPreconditionError, UnavailableError } from '../common/errors/errors.js';
import type { Device__Output } from '../common/generated/facenas/v1/Device.js';
import type { MeasurementResult__Output } from '../common/generated/facenas/v1/MeasurementResult.js';
import type { MeasurementTask } from '../common/generated/facenas/v1/MeasurementTask.js';
import type { Logger } from '../common/logging/logger.js';
import type { ProfilerMetrics } from './profiler-metrics.js';

// Hands measurement tasks to connected agents: FIFO per device, one task per agent at a
// time, identical concurrent requests share one task. A task whose agent vanished goes
// back to the front of its device's queue; when no agent of the device is connected it
// waits `orphanDeadlineMs` for one, then fails UNAVAILABLE.

/** One connected agent as the dispatcher sees it. */
export interface AgentLink {
  readonly agentId: string;
  readonly device: Device__Output;
  send(task: MeasurementTask): void;
}

export type TaskSpec = Omit<MeasurementTask, 'taskId'>;

interface Job {
  id: string;
  device: string;
  task: TaskSpec;
  shareKey: string | null;
  promise: Promise<MeasurementResult__Output>;
  resolve(result: MeasurementResult__Output): void;
  reject(err: Error): void;
  orphanTimer: NodeJS.Timeout | null;
  dispatchedAt: number;
  attempts: number;
}

interface AgentState {
  link: AgentLink;
  job: Job | null;
  /** Last time it finished (or joined): the idle agent waiting longest goes first. */
  idleSince: number;
}

export interface DispatcherOptions {
  orphanDeadlineMs: number;
  logger: Logger;
  metrics?: ProfilerMetrics;
  now?: () => number;
}

export class MeasurementDispatcher {
  private readonly agents = new Map<string, AgentState>();
  private readonly queues = new Map<string, Job[]>();
  private readonly shared = new Map<string, Job>();
  private closed = false;

  constructor(private readonly options: DispatcherOptions) {}

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  addAgent(link: AgentLink): void {
    if (this.closed) throw new UnavailableError('profiler is shutting down');
    this.agents.set(link.agentId, { link, job: null, idleSince: this.now() });
    this.updateAgentGauge(link.device.name);
    for (const job of this.queues.get(link.device.name) ?? []) this.clearOrphanTimer(job);
    this.dispatch(link.device.name);
  }

  /** The agent is gone: its task (if any) goes back to the front of the queue. */
  removeAgent(agentId: string): void {
    const state = this.agents.get(agentId);
    if (!state) return;
    this.agents.delete(agentId);
    const device = state.link.device.name;
    this.updateAgentGauge(device);
    if (state.job) {
      const job = state.job;
      this.options.logger.warn({ agentId, device, taskId: job.id }, 'agent left mid-measurement: re-queueing its task');
      this.queue(device).unshift(job);
    }
    if (!this.hasAgent(device)) for (const job of this.queue(device)) this.startOrphanTimer(job);
    this.dispatch(device);
    this.updateQueueGauge(device);
  }

  hasAgent(device: string): boolean {
    for (const state of this.agents.values()) if (state.link.device.name === device) return true;
    return false;
  }

  agentLinks(): AgentLink[] {
    return [...this.agents.values()].map((s) => s.link);
  }

  /** Tasks dispatched by this profiler to this agent and not yet answered. */
  isBusy(agentId: string): boolean {
    return Boolean(this.agents.get(agentId)?.job);
  }

  queueLength(device: string): number {
    return this.queues.get(device)?.length ?? 0;
  }

  devicesWithQueues(): string[] {
    return [...this.queues.keys()];
  }

  /**
   * Queues a task for an agent of `device` and resolves with its result. A task submitted
   * with the `shareKey` of one still pending joins it instead of measuring twice.
   */
  submit(device: string, task: TaskSpec, shareKey: string | null = null): Promise<MeasurementResult__Output> {
    if (this.closed) return Promise.reject(new UnavailableError('profiler is shutting down'));
    if (shareKey !== null) {
      const existing = this.shared.get(shareKey);
      if (existing) return existing.promise;
    }
    if (!this.hasAgent(device)) return Promise.reject(new FailedPreconditionError(`no agent of device ${JSON.stringify(device)} is connected`));
    let resolve!: (r: MeasurementResult__Output) => void;
    let reject!: (e: Error) => void;
    const promise = new Promise<MeasurementResult__Output>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    const job: Job = { id: randomUUID(), device, task, shareKey, promise, resolve, reject, orphanTimer: null, dispatchedAt: 0, attempts: 0 };
    if (shareKey !== null) this.shared.set(shareKey, job);
    this.queue(device).push(job);
    this.dispatch(device);
    this.updateQueueGauge(device);
    return promise;
  }

  /** An agent's answer. Answers to tasks it no longer holds (re-queued elsewhere) are dropped. */
  complete(agentId: string, result: MeasurementResult__Output): void {
    const state = this.agents.get(agentId);
    const job = state?.job;
    if (!state || !job || job.id !== result.taskId) {
      this.options.logger.warn({ agentId, taskId: result.taskId }, 'result for a task this agent does not hold: dropped');
      return;
    }
    state.job = null;
    state.idleSince = this.now();
    this.options.metrics?.measurementSeconds.observe({ kind: String(job.task.kind ?? 'unknown') }, (this.now() - job.dispatchedAt) / 1000);
    this.settle(job);
    if (result.error) job.reject(new FacenasError('INTERNAL', `agent ${agentId} of device ${JSON.stringify(job.device)} failed to measure: ${result.error}`));
    else job.resolve(result);
    this.dispatch(state.link.device.name);
  }

  /** Fails everything pending (shutdown). */
  close(): void {
    this.closed = true;
    for (const [device, jobs] of this.queues) {
      for (const job of jobs.splice(0)) {
        this.settle(job);
        job.reject(new UnavailableError('profiler is shutting down'));
      }
      this.updateQueueGauge(device);
    }
    for (const state of this.agents.values()) {
      if (state.job) {
        this.settle(state.job);
        state.job.reject(new UnavailableError('profiler is shutting down'));
        state.job = null;
      }
    }
  }

  private dispatch(device: string): void {
    const queue = this.queue(device);
    while (queue.length > 0) {
      const idle = [...this.agents.values()].filter((s) => s.link.device.name === device && !s.job).sort((a, b) => a.idleSince - b.idleSince);
      const state = idle[0];
      if (!state) break;
      const job = queue.shift() as Job;
      this.clearOrphanTimer(job);
      state.job = job;
      job.attempts += 1;
      job.dispatchedAt = this.now();
      try {
        state.link.send({ ...job.task, taskId: job.id });
      } catch (err) {
        // The stream broke under us: the agent's cleanup removes it and re-queues the job.
        this.options.logger.warn({ err, agentId: state.link.agentId }, 'sending a task failed');
      }
    }
    this.updateQueueGauge(device);
  }

  private queue(device: string): Job[] {
    let q = this.queues.get(device);
    if (!q) this.queues.set(device, (q = []));
    return q;
  }

  private startOrphanTimer(job: Job): void {
    if (job.orphanTimer) return;
    job.orphanTimer = setTimeout(() => {
      job.orphanTimer = null;
      const queue = this.queue(job.device);
      const index = queue.indexOf(job);
      if (index < 0) return;
      queue.splice(index, 1);
      this.settle(job);
      this.updateQueueGauge(job.device);
      job.reject(new UnavailableError(`no agent of device ${JSON.stringify(job.device)} came back within ${this.options.orphanDeadlineMs} ms to finish the measurement`));
    }, this.options.orphanDeadlineMs);
    job.orphanTimer.unref();
  }

  private clearOrphanTimer(job: Job): void {
    if (job.orphanTimer) clearTimeout(job.orphanTimer);
    job.orphanTimer = null;
  }

  private settle(job: Job): void {
    this.clearOrphanTimer(job);
    if (job.shareKey !== null && this.shared.get(job.shareKey) === job) this.shared.delete(job.shareKey);
  }

  private updateQueueGauge(device: string): void {
    this.options.metrics?.queueLength.set({ device }, this.queueLength(device));
  }

  private updateAgentGauge(device: string): void {
    let count = 0;
    for (const state of this.agents.values()) if (state.link.device.name === device) count += 1;
    this.options.metrics?.agentsConnected.set({ device }, count);
  }
}
