import { afterEach, describe, expect, it } from 'vitest';
import type { AgentServiceHandlers } from '../../common/generated/facenas/v1/AgentService.js';
import type { ConnectRequest__Output } from '../../common/generated/facenas/v1/ConnectRequest.js';
import type { MeasurementTask__Output } from '../../common/generated/facenas/v1/MeasurementTask.js';
import { facenasGrpc } from '../../common/grpc/proto-package.js';
import { startGrpcServer, type GrpcServerHandle } from '../../common/grpc/server.js';
import { createLogger } from '../../common/logging/logger.js';
import { LatencyAgent } from './latency-agent.js';
import type { MeasurementRunner } from './measurement-runner.js';

const logger = createLogger('test', 'silent');

/** Records how many tasks ran at once. */
class SlowRunner implements MeasurementRunner {
  readonly backend = 'slow';
  readonly threads = 1;
  running = 0;
  maxRunning = 0;
  async run(task: MeasurementTask__Output) {
    this.running += 1;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    await new Promise((r) => setTimeout(r, 100));
    this.running -= 1;
    return { latency: { medianMs: task.runs, runs: task.runs } };
  }
}

let server: GrpcServerHandle | null = null;
afterEach(async () => {
  await server?.shutdown(100);
  server = null;
});

describe('latency agent', () => {
  it('says hello with its device, heartbeats, and runs tasks strictly one at a time', async () => {
    const received: ConnectRequest__Output[] = [];
    let resolveResults!: () => void;
    const twoResults = new Promise<void>((r) => (resolveResults = r));
    // A bare AgentService that sends two tasks at once, right after the hello.
    const implementation: AgentServiceHandlers = {
      Connect: (call) => {
        call.on('data', (m: ConnectRequest__Output) => {
          received.push(m);
          if (m.message === 'hello') {
            call.write({ welcome: { agentId: 'a-1', heartbeatIntervalMs: 30 } });
            call.write({ task: { taskId: 't1', kind: 'TASK_KIND_MODEL', runs: 1 } });
            call.write({ task: { taskId: 't2', kind: 'TASK_KIND_MODEL', runs: 2 } });
          }
          if (received.filter((r) => r.message === 'result').length === 2) resolveResults();
        });
      },
    };
    server = await startGrpcServer({
      services: [{ name: 'facenas.v1.AgentService', definition: facenasGrpc().AgentService.service, implementation }],
      port: 0,
      host: '127.0.0.1',
      logger,
    });
    const runner = new SlowRunner();
    const agent = new LatencyAgent({ profiler: `127.0.0.1:${server.port}`, deviceName: 'edge-x', runner, logger });
    agent.start();
    await twoResults;
    await agent.stop();

    const hello = received[0].hello;
    expect(hello?.device).toMatchObject({ name: 'edge-x', runtime: 'node', backend: 'slow', threads: 1, runtimeVersion: process.versions.node });
    expect(hello?.device?.cores).toBeGreaterThan(0);
    expect(runner.maxRunning).toBe(1);
    expect(received.filter((r) => r.message === 'result').map((r) => [r.result?.taskId, r.result?.latency?.medianMs])).toEqual([
      ['t1', 1],
      ['t2', 2],
    ]);
    // 200 ms of work with a 30 ms heartbeat period: several heartbeats, some while busy.
    const beats = received.filter((r) => r.message === 'heartbeat');
    expect(beats.length).toBeGreaterThanOrEqual(3);
    expect(beats.some((b) => b.heartbeat?.busy)).toBe(true);
    expect(agent.stats).toMatchObject({ connects: 1, tasksCompleted: 2, tasksFailed: 0 });
  });

  it('reports a failed task as an error result and carries on', async () => {
    const results: ConnectRequest__Output['result'][] = [];
    let done!: () => void;
    const finished = new Promise<void>((r) => (done = r));
    const implementation: AgentServiceHandlers = {
      Connect: (call) => {
        call.on('data', (m: ConnectRequest__Output) => {
          if (m.message === 'hello') {
            call.write({ welcome: { agentId: 'a-2', heartbeatIntervalMs: 1000 } });
            call.write({ task: { taskId: 'bad', kind: 'TASK_KIND_MODEL' } });
          }
          if (m.message === 'result') {
            results.push(m.result);
            done();
          }
        });
      },
    };
    server = await startGrpcServer({
      services: [{ name: 'facenas.v1.AgentService', definition: facenasGrpc().AgentService.service, implementation }],
      port: 0,
      host: '127.0.0.1',
      logger,
    });
    const failing: MeasurementRunner = {
      backend: 'x',
      threads: 1,
      run: () => Promise.reject(new Error('wasm heap exhausted')),
    };
    const agent = new LatencyAgent({ profiler: `127.0.0.1:${server.port}`, deviceName: 'edge-y', runner: failing, logger });
    agent.start();
    await finished;
    await agent.stop();
    expect(results[0]).toMatchObject({ taskId: 'bad', error: 'wasm heap exhausted' });
    expect(agent.stats.tasksFailed).toBe(1);
  });
});
