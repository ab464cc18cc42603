import { describe, expect, it } from 'vitest';
import { cpuClock, timeRuns } from './timing.js';

describe('timing protocol', () => {
  it('runs warm-up untimed, then times each run with the clock', async () => {
    let calls = 0;
    let now = 0;
    // Each run advances the fake clock by its run number (warm-up runs 1–2 included).
    const run = () => {
      calls += 1;
      now += calls;
    };
    const times = await timeRuns(run, { warmupRuns: 2, runs: 3 }, () => now);
    expect(calls).toBe(5);
    expect(times).toEqual([3, 4, 5]);
  });

  it('the CPU clock advances with work and not with sleep', async () => {
    const t0 = cpuClock();
    await new Promise((r) => setTimeout(r, 100));
    const slept = cpuClock() - t0;
    // Spin until 30 ms of CPU time pass (however loaded the machine), bounded by 10 s of wall time.
    const t1 = cpuClock();
    const wall0 = performance.now();
    while (cpuClock() - t1 < 30 && performance.now() - wall0 < 10_000);
    expect(slept).toBeLessThan(50);
    expect(cpuClock() - t1).toBeGreaterThanOrEqual(30);
  });
});
