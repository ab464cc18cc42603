import { describe, expect, it } from 'vitest';
import type { Device__Output } from '../common/generated/facenas/v1/Device.js';
import type { MeasurementTask } from '../common/generated/facenas/v1/MeasurementTask.js';
import { createLogger } from '../common/logging/logger.js';
import { createServiceRegistry } from '../common/metrics/registry.js';
import { MeasurementDispatcher, type AgentLink } from './measurement-dispatcher.js';
import { profilerMetrics } from './profiler-metrics.js';

const logger = createLogger('test', 'silent');

function device(name: string): Device__Output {
  return { name, cpuModel: '', cores: 1, runtime: 'node', runtimeVersion: '', backend: 'wasm', threads: 1, agentId: '', arch: 'x64' };
}

class FakeAgent implements AgentLink {
  readonly tasks: MeasurementTask[] = [];
  constructor(
    readonly agentId: string,
    deviceName: string,
  ) {
    this.device = device(deviceName);
  }
  readonly device: Device__Output;
  send(task: MeasurementTask): void {
    this.tasks.push(task);
  }
  last(): MeasurementTask {
    return this.tasks[this.tasks.length - 1];
  }
}

function result(taskId: string | undefined, medianMs: number) {
  return { taskId: taskId ?? '', latency: { medianMs, p90Ms: medianMs, meanMs: medianMs, stdMs: 0, runs: 1, device: '', source: 'LATENCY_SOURCE_MEASURED' as const, imageSize: 64, measuredAtMs: 0 }, error: '', layers: [], overheadMs: 0 };
}

describe('measurement dispatcher', () => {
  it('routes by device, one task per agent at a time, FIFO', async () => {
    const registry = createServiceRegistry('t', { defaultMetrics: false });
    const d = new MeasurementDispatcher({ orphanDeadlineMs: 1000, logger, metrics: profilerMetrics(registry) });
    const a = new FakeAgent('a', 'pixel');
    const b = new FakeAgent('b', 'rpi');
    d.addAgent(a);
    d.addAgent(b);
    const p1 = d.submit('pixel', { imageSize: 1 });
    const p2 = d.submit('pixel', { imageSize: 2 });
    const p3 = d.submit('rpi', { imageSize: 3 });
    expect(a.tasks.map((t) => t.imageSize)).toEqual([1]);
    expect(b.tasks.map((t) => t.imageSize)).toEqual([3]);
    expect(d.queueLength('pixel')).toBe(1);
    expect(await registry.getSingleMetricAsString('facenas_latency_queue_length')).toMatch(/device="pixel",service="t"\} 1/);
    d.complete('a', result(a.last().taskId, 10));
    expect((await p1).latency?.medianMs).toBe(10);
    expect(a.tasks.map((t) => t.imageSize)).toEqual([1, 2]);
    d.complete('a', result(a.last().taskId, 20));
    d.complete('b', result(b.last().taskId, 30));
    expect((await p2).latency?.medianMs).toBe(20);
    expect((await p3).latency?.medianMs).toBe(30);
    expect(await registry.getSingleMetricAsString('facenas_agents_connected')).toMatch(/device="pixel",service="t"\} 1/);
  });

  it('shares one task between identical concurrent requests', async () => {
    const d = new MeasurementDispatcher({ orphanDeadlineMs: 1000, logger });
    const a = new FakeAgent('a', 'pixel');
    d.addAgent(a);
    const p1 = d.submit('pixel', { imageSize: 64 }, 'k');
    const p2 = d.submit('pixel', { imageSize: 64 }, 'k');
    expect(a.tasks).toHaveLength(1);
    d.complete('a', result(a.last().taskId, 5));
    expect(await p1).toBe(await p2);
    // Once settled, the same key measures again.
    void d.submit('pixel', { imageSize: 64 }, 'k');
    expect(a.tasks).toHaveLength(2);
  });

  it('refuses a device with no agent', async () => {
    const d = new MeasurementDispatcher({ orphanDeadlineMs: 1000, logger });
    await expect(d.submit('nokia', {})).rejects.toMatchObject({ kind: 'FAILED_PRECONDITION', message: expect.stringContaining('"nokia"') });
  });

  it('re-queues the task of an agent that left to another agent of the device', async () => {
    const d = new MeasurementDispatcher({ orphanDeadlineMs: 1000, logger });
    const a = new FakeAgent('a', 'pixel');
    d.addAgent(a);
    const p = d.submit('pixel', { imageSize: 64 });
    const taskId = a.last().taskId;
    d.removeAgent('a');
    const b = new FakeAgent('b', 'pixel');
    d.addAgent(b);
    expect(b.last().taskId).toBe(taskId);
    // A late answer from the departed agent is ignored.
    d.complete('a', result(taskId, 99));
    d.complete('b', result(taskId, 7));
    expect((await p).latency?.medianMs).toBe(7);
  });

  it('fails UNAVAILABLE when no agent of the device returns in time', async () => {
    const d = new MeasurementDispatcher({ orphanDeadlineMs: 50, logger });
    d.addAgent(new FakeAgent('a', 'pixel'));
    const p = d.submit('pixel', {});
    d.removeAgent('a');
    await expect(p).rejects.toMatchObject({ kind: 'UNAVAILABLE', message: expect.stringContaining('"pixel"') });
    expect(d.queueLength('pixel')).toBe(0);
  });

  it('turns an agent error into a failed request and fails pending work on close', async () => {
    const d = new MeasurementDispatcher({ orphanDeadlineMs: 1000, logger });
    const a = new FakeAgent('a', 'pixel');
    d.addAgent(a);
    const p1 = d.submit('pixel', {});
    const p2 = d.submit('pixel', {});
    d.complete('a', { ...result(a.last().taskId, 0), error: 'out of memory' });
    await expect(p1).rejects.toThrow(/out of memory/);
    d.close();
    await expect(p2).rejects.toMatchObject({ kind: 'UNAVAILABLE' });
  });
});
