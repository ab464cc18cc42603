import { randomBytes } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { FacenasError, InvalidArgumentError, UnavailableError } from '../common/errors/errors.js';
import type { AgentServiceHandlers } from '../common/generated/facenas/v1/AgentService.js';
import type { ConnectRequest__Output } from '../common/generated/facenas/v1/ConnectRequest.js';
import type { ConnectResponse } from '../common/generated/facenas/v1/ConnectResponse.js';
import type { Device__Output } from '../common/generated/facenas/v1/Device.js';
import { toServiceError } from '../common/grpc/status-mapping.js';
import type { Logger } from '../common/logging/logger.js';
import { authorizeDevice, type AgentTokens } from './agent-tokens.js';
import { MAX_DEVICE_NAME_LENGTH } from './latency-profiler.js';
import type { MeasurementDispatcher } from './measurement-dispatcher.js';

// AgentService.Connect: the agent dials out, proves its token, says hello, then the
// profiler sends tasks down the stream while the agent heartbeats and answers.

export interface AgentGatewayOptions {
  dispatcher: MeasurementDispatcher;
  /** null: any agent may connect (a warning is logged at start). */
  tokens: AgentTokens | null;
  logger: Logger;
  heartbeatIntervalMs: number;
  /** No message from an agent for this long: it is considered gone. */
  heartbeatTimeoutMs: number;
  helloTimeoutMs?: number;
}

type ConnectCall = grpc.ServerDuplexStream<ConnectRequest__Output, ConnectResponse>;

export class AgentGateway {
  private readonly calls = new Set<ConnectCall>();

  constructor(private readonly options: AgentGatewayOptions) {}

  implementation(): AgentServiceHandlers {
    return { Connect: (call) => this.connect(call) };
  }

  /** Ends every agent stream (shutdown): agents reconnect to the next profiler. */
  closeAll(): void {
    for (const call of this.calls) fail(call, new UnavailableError('profiler is shutting down'));
    this.calls.clear();
  }

  private connect(call: ConnectCall): void {
    const { logger, tokens, dispatcher } = this.options;
    const peer = call.getPeer();
    let patterns: string[] = ['*'];
    if (tokens) {
      try {
        // Only this one header is read; metadata is never logged (it carries the token).
        const header = call.metadata.get('authorization')[0];
        patterns = tokens.authenticate(typeof header === 'string' ? header : undefined);
      } catch (err) {
        logger.warn({ peer }, 'agent refused: missing or invalid token');
        fail(call, err);
        return;
      }
    }
    this.calls.add(call);
    let agentId: string | null = null;
    let lastSeen = Date.now();
    let finished = false;
    const helloTimer = setTimeout(() => finish(new InvalidArgumentError('hello', `agent must send hello within ${this.options.helloTimeoutMs ?? 10_000} ms`)), this.options.helloTimeoutMs ?? 10_000);
    const watchdog = setInterval(() => {
      if (Date.now() - lastSeen > this.options.heartbeatTimeoutMs) {
        logger.warn({ agentId, peer }, 'agent heartbeat timed out');
        finish(new UnavailableError(`no heartbeat for ${this.options.heartbeatTimeoutMs} ms`));
      }
    }, Math.max(10, Math.min(this.options.heartbeatIntervalMs, this.options.heartbeatTimeoutMs / 2)));

    const finish = (err: unknown) => {
      if (finished) return;
      finished = true;
      clearTimeout(helloTimer);
      clearInterval(watchdog);
      this.calls.delete(call);
      if (agentId !== null) {
        dispatcher.removeAgent(agentId);
        logger.info({ agentId, peer }, 'agent disconnected');
      }
      if (err !== null) fail(call, err);
      else if (!call.writableEnded && !call.cancelled) call.end();
    };

    call.on('data', (message: ConnectRequest__Output) => {
      lastSeen = Date.now();
      try {
        if (message.message === 'hello') {
          if (agentId !== null) throw new InvalidArgumentError('hello', 'sent twice');
          const device = message.hello?.device;
          if (!device || device.name.trim() === '') throw new InvalidArgumentError('hello.device.name', 'must name the device');
          // Requests name devices of at most this length: a longer name could never be measured, and it becomes a metric label.
          if (device.name.length > MAX_DEVICE_NAME_LENGTH) throw new InvalidArgumentError('hello.device.name', `must be at most ${MAX_DEVICE_NAME_LENGTH} characters, got ${device.name.length}`);
          authorizeDevice(patterns, device.name);
          clearTimeout(helloTimer);
          agentId = `${device.name}-${randomBytes(4).toString('hex')}`;
          const id = agentId;
          const announced: Device__Output = { ...device, agentId: id };
          call.write({ welcome: { agentId: id, heartbeatIntervalMs: this.options.heartbeatIntervalMs } });
          dispatcher.addAgent({
            agentId: id,
            device: announced,
            send: (task) => {
              if (finished) throw new UnavailableError('agent stream closed');
              call.write({ task });
            },
          });
          logger.info({ agentId: id, device: device.name, runtime: device.runtime, runtimeVersion: device.runtimeVersion, peer }, 'agent connected');
        } else if (agentId === null) {
          throw new InvalidArgumentError('hello', 'the first message must be hello');
        } else if (message.message === 'result' && message.result) {
          dispatcher.complete(agentId, message.result);
        }
      } catch (err) {
        if (err instanceof FacenasError && err.kind === 'PERMISSION_DENIED') logger.warn({ peer, device: message.hello?.device?.name }, 'agent refused: token not valid for device');
        finish(err);
      }
    });
    call.on('end', () => finish(null));
    call.on('cancelled', () => finish(null));
    call.on('error', () => finish(null));
    call.on('close', () => finish(null));
  }
}

function fail(call: ConnectCall, err: unknown): void {
  if (call.writableEnded || call.cancelled) return;
  call.emit('error', toServiceError(err));
}
