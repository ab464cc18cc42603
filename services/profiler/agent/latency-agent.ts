import * as grpc from '@grpc/grpc-js';
import type { AgentServiceClient } from '../../common/generated/facenas/v1/AgentService.js';
import type { ConnectRequest } from '../../common/generated/facenas/v1/ConnectRequest.js';
import type { ConnectResponse__Output } from '../../common/generated/facenas/v1/ConnectResponse.js';
import type { MeasurementTask__Output } from '../../common/generated/facenas/v1/MeasurementTask.js';
import { createClient } from '../../common/grpc/client.js';
import { facenasGrpc } from '../../common/grpc/proto-package.js';
import type { ClientTlsOptions } from '../../common/grpc/tls.js';
import type { Logger } from '../../common/logging/logger.js';
import { backoffDelayMs, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.js';
import { describeDevice } from './device-info.js';
import type { MeasurementRunner } from './measurement-runner.js';

export const AGENT_VERSION = '0.1.0';

export interface LatencyAgentOptions {
  /** HOST:PORT of the profiler. */
  profiler: string;
  deviceName: string;
  /** Bearer token for AgentService.Connect (never logged). */
  token?: string;
  tls?: ClientTlsOptions;
  runner: MeasurementRunner;
  logger: Logger;
  backoff?: BackoffPolicy;
  /** Heartbeat period until the profiler's welcome names one. */
  heartbeatIntervalMs?: number;
}

export interface AgentStats {
  connects: number;
  tasksCompleted: number;
  tasksFailed: number;
}

/**
 * An edge agent: keeps one AgentService.Connect stream open to the profiler (dialling
 * out, reconnecting with exponential backoff and jitter), heartbeats, and runs the
 * tasks it is sent strictly one at a time.
 */
export class LatencyAgent {
  readonly stats: AgentStats = { connects: 0, tasksCompleted: 0, tasksFailed: 0 };
  private readonly client: AgentServiceClient;
  private call: grpc.ClientDuplexStream<ConnectRequest, ConnectResponse__Output> | null = null;
  private generation = 0;
  private attempt = 0;
  private stopped = false;
  private busy = false;
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  /** Serialises tasks: one measurement at a time, ever. */
  private work: Promise<void> = Promise.resolve();
  private agentId = '';
  private welcomeWaiters: (() => void)[] = [];

  constructor(private readonly options: LatencyAgentOptions) {
    this.client = createClient<AgentServiceClient>(facenasGrpc().AgentService, options.profiler, {
      tls: options.tls,
      metadata: options.token ? { authorization: `Bearer ${options.token}` } : undefined,
    });
  }

  start(): void {
    this.connect();
  }

  /** Resolves when the profiler has welcomed this agent (after the next successful connect). */
  welcomed(): Promise<void> {
    if (this.agentId !== '' && this.call) return Promise.resolve();
    return new Promise((resolve) => this.welcomeWaiters.push(resolve));
  }

  get id(): string {
    return this.agentId;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.stopHeartbeats();
    const call = this.call;
    this.call = null;
    call?.end();
    call?.cancel();
    await this.work.catch(() => undefined);
    this.client.close();
  }

  private connect(): void {
    if (this.stopped) return;
    const generation = ++this.generation;
    const { logger, runner } = this.options;
    const call = this.client.connect();
    this.call = call;
    call.write({ hello: { device: describeDevice(this.options.deviceName, runner), agentVersion: AGENT_VERSION } });
    this.startHeartbeats(this.options.heartbeatIntervalMs ?? 5_000);

    call.on('data', (message: ConnectResponse__Output) => {
      if (message.message === 'welcome' && message.welcome) {
        this.attempt = 0;
        this.agentId = message.welcome.agentId;
        this.stats.connects += 1;
        if (message.welcome.heartbeatIntervalMs > 0) this.startHeartbeats(message.welcome.heartbeatIntervalMs);
        logger.info({ agentId: this.agentId, profiler: this.options.profiler }, 'connected to profiler');
        for (const resolve of this.welcomeWaiters.splice(0)) resolve();
      } else if (message.message === 'task' && message.task) {
        const task = message.task;
        this.work = this.work.then(() => this.runTask(task, generation));
      }
    });
    let ended = false;
    const onGone = (err: grpc.ServiceError | null) => {
      if (ended) return;
      ended = true;
      if (this.call === call) this.call = null;
      this.agentId = '';
      this.stopHeartbeats();
      if (this.stopped) return;
      const code = err?.code;
      const refused = code === grpc.status.UNAUTHENTICATED || code === grpc.status.PERMISSION_DENIED;
      // A refused token will not fix itself soon: retry at the slowest pace.
      if (refused) this.attempt = Math.max(this.attempt, 30);
      const delay = backoffDelayMs(this.options.backoff ?? DEFAULT_BACKOFF, this.attempt++);
      const log = refused ? logger.error.bind(logger) : logger.warn.bind(logger);
      log({ code: code === undefined ? 'ended' : grpc.status[code], details: err?.details, retryInMs: Math.round(delay) }, 'profiler stream closed: reconnecting');
      this.reconnectTimer = setTimeout(() => this.connect(), delay);
    };
    call.on('error', (err: grpc.ServiceError) => onGone(err));
    call.on('end', () => onGone(null));
  }

  private async runTask(task: MeasurementTask__Output, generation: number): Promise<void> {
    // The stream that sent it is gone: the profiler has re-queued the task elsewhere.
    if (generation !== this.generation || !this.call) return;
    const { logger, runner } = this.options;
    this.busy = true;
    const started = performance.now();
    let result: ConnectRequest['result'];
    try {
      result = { ...(await runner.run(task)), taskId: task.taskId };
      this.stats.tasksCompleted += 1;
    } catch (err) {
      this.stats.tasksFailed += 1;
      logger.error({ err, taskId: task.taskId, kind: task.kind }, 'measurement failed');
      result = { taskId: task.taskId, error: err instanceof Error ? err.message : String(err) };
    } finally {
      this.busy = false;
    }
    logger.info({ taskId: task.taskId, kind: task.kind, medianMs: result.latency?.medianMs, seconds: (performance.now() - started) / 1000 }, 'task done');
    if (generation === this.generation && this.call) this.call.write({ result });
  }

  private startHeartbeats(intervalMs: number): void {
    this.stopHeartbeats();
    this.heartbeatTimer = setInterval(() => {
      this.call?.write({ heartbeat: { timeMs: Date.now(), busy: this.busy } });
    }, intervalMs);
  }

  private stopHeartbeats(): void {
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = null;
  }
}
