import { describe, expect, it } from 'vitest';
import { CpuGate } from './cpu-gate.js';
import { startTsWorker } from './ts-worker.js';

// A worker thread "trains" in steps of ~20 ms through the gate (fixtures/gate-stepper.ts);
// the main thread takes the gate and checks that no step runs while it holds it.

describe('CpuGate', () => {
  it('holds worker steps while exclusive work runs, and lets them go on after', async () => {
    const gate = new CpuGate();
    const log = new Int32Array(new SharedArrayBuffer(8));
    const worker = startTsWorker(new URL('./fixtures/gate-stepper.ts', import.meta.url), { workerData: { gate: gate.buffer, log: log.buffer } });
    while (Atomics.load(log, 0) === 0) await new Promise((r) => setTimeout(r, 20));
    const before = Atomics.load(log, 0);
    expect(before).toBeGreaterThan(0);
    const during = await gate.exclusive(async () => {
      expect(gate.stepsInFlight).toBe(0);
      const start = Atomics.load(log, 0);
      await new Promise((r) => setTimeout(r, 150));
      return Atomics.load(log, 0) - start;
    });
    expect(during).toBe(0);
    await new Promise((r) => setTimeout(r, 100));
    expect(Atomics.load(log, 0)).toBeGreaterThan(before);
    Atomics.store(log, 1, 1);
    await new Promise((r) => worker.once('message', r));
    await worker.terminate();
  });

  it('enterStep/leaveStep count steps on the calling thread', () => {
    const gate = new CpuGate();
    gate.enterStep();
    expect(gate.stepsInFlight).toBe(1);
    gate.leaveStep();
    expect(gate.stepsInFlight).toBe(0);
  });
});
