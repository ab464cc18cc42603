import * as grpc from '@grpc/grpc-js';
import type { AgentServiceClient } from '../../services/common/generated/facenas/v1/AgentService.js';
import type { ConnectRequest } from '../../services/common/generated/facenas/v1/ConnectRequest.js';
import type { ConnectResponse__Output } from '../../services/common/generated/facenas/v1/ConnectResponse.js';
import type { MeasurementTask__Output } from '../../services/common/generated/facenas/v1/MeasurementTask.js';
import { createClient } from '../../services/common/grpc/client.js';
import { facenasGrpc } from '../../services/common/grpc/proto-package.js';
import type { ClientTlsOptions } from '../../services/common/grpc/tls.js';

// An AgentService.Connect stream the test drives message by message, to play agents that
// break the protocol: wrong order, bad values, garbage bytes, answers to tasks they do
// not hold.

export class ScriptedAgent {
  private readonly client: AgentServiceClient;
  private readonly call: grpc.ClientDuplexStream<ConnectRequest, ConnectResponse__Output>;
  private readonly tasks: MeasurementTask__Output[] = [];
  private readonly taskWaiters: ((task: MeasurementTask__Output) => void)[] = [];
  welcome: ConnectResponse__Output['welcome'] = null;
  /** The stream's final status (OK when it ended cleanly). */
  readonly closed: Promise<{ code: grpc.status; details: string }>;

  constructor(address: string, options: { token?: string; authorization?: string; tls?: ClientTlsOptions } = {}) {
    const authorization = options.authorization ?? (options.token ? `Bearer ${options.token}` : undefined);
    this.client = createClient<AgentServiceClient>(facenasGrpc().AgentService, address, { tls: options.tls, metadata: authorization ? { authorization } : undefined });
    this.call = this.client.connect({ deadline: Date.now() + 60_000 });
    this.call.on('data', (message: ConnectResponse__Output) => {
      if (message.welcome) this.welcome = message.welcome;
      if (message.task) {
        const waiter = this.taskWaiters.shift();
        if (waiter) waiter(message.task);
        else this.tasks.push(message.task);
      }
    });
    this.closed = new Promise((resolve) => {
      this.call.on('error', (err: grpc.ServiceError) => resolve({ code: err.code, details: err.details }));
      this.call.on('status', (status: grpc.StatusObject) => {
        if (status.code === grpc.status.OK) resolve({ code: status.code, details: status.details });
      });
    });
    this.closed.then(() => this.client.close());
  }

  send(message: ConnectRequest): void {
    this.call.write(message);
  }

  hello(device: string): void {
    this.send({ hello: { device: { name: device, runtime: 'scripted' }, agentVersion: 'test' } });
  }

  /** Waits for the profiler's welcome (or rejects when the stream closes first). */
  async welcomed(timeoutMs = 5_000): Promise<string> {
    const end = Date.now() + timeoutMs;
    while (!this.welcome) {
      if (Date.now() > end) throw new Error('no welcome in time');
      const status = await Promise.race([this.closed, new Promise<null>((r) => setTimeout(() => r(null), 10))]);
      if (status) throw new Error(`stream closed before the welcome: ${grpc.status[status.code]} ${status.details}`);
    }
    return this.welcome.agentId;
  }

  nextTask(timeoutMs = 10_000): Promise<MeasurementTask__Output> {
    const queued = this.tasks.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      const waiter = (task: MeasurementTask__Output) => {
        clearTimeout(timer);
        resolve(task);
      };
      const timer = setTimeout(() => {
        // A task arriving later must not go to this abandoned waiter.
        this.taskWaiters.splice(this.taskWaiters.indexOf(waiter), 1);
        reject(new Error('no task in time'));
      }, timeoutMs);
      this.taskWaiters.push(waiter);
    });
  }

  end(): void {
    this.call.end();
    this.call.cancel();
  }
}

/** A Connect stream whose messages are raw bytes both ways (responses are only counted). */
export class RawAgentStream {
  private readonly client: grpc.Client;
  private readonly call: grpc.ClientDuplexStream<Buffer, Buffer>;
  received = 0;
  readonly closed: Promise<{ code: grpc.status; details: string }>;

  constructor(address: string, token: string, credentials: grpc.ChannelCredentials = grpc.credentials.createInsecure()) {
    this.client = new grpc.Client(address, credentials);
    const metadata = new grpc.Metadata();
    metadata.set('authorization', `Bearer ${token}`);
    const identity = (b: Buffer) => b;
    this.call = this.client.makeBidiStreamRequest('/facenas.v1.AgentService/Connect', identity, identity, metadata, { deadline: Date.now() + 60_000 });
    this.call.on('data', () => (this.received += 1));
    this.closed = new Promise((resolve) => {
      this.call.on('error', (err: grpc.ServiceError) => resolve({ code: err.code, details: err.details }));
      this.call.on('status', (status: grpc.StatusObject) => {
        if (status.code === grpc.status.OK) resolve({ code: status.code, details: status.details });
      });
    });
    this.closed.then(() => this.client.close());
  }

  write(body: Uint8Array): void {
    this.call.write(Buffer.from(body));
  }

  /** Waits until `count` responses (welcome, tasks) have arrived. */
  async receivedAtLeast(count: number, timeoutMs = 10_000): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (this.received < count) {
      if (Date.now() > end) throw new Error(`only ${this.received} of ${count} messages arrived`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  end(): void {
    this.call.cancel();
  }
}
