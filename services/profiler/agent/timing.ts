import { setImmediate as yieldToEventLoop } from 'node:timers/promises';

// The timing protocol: warm-up runs (JIT, wasm tier-up, allocator), then N timed runs,
// each timed alone with the monotonic clock. Between runs the event loop gets a turn
// (outside the timed region) so heartbeats keep flowing during long measurements.

export type ClockName = 'wall' | 'cpu';

/** Monotonic wall-clock milliseconds: what a user of a dedicated device waits. */
export const wallClock = (): number => performance.now();

/**
 * This process's CPU time in milliseconds (user + system, all threads). On a machine
 * shared with other CPU-heavy work it excludes time spent descheduled, so it is far more
 * repeatable than wall time there; with one compute thread and an idle machine the two agree.
 */
export const cpuClock = (): number => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};

export function clockByName(name: ClockName): () => number {
  return name === 'cpu' ? cpuClock : wallClock;
}

export interface TimingProtocol {
  warmupRuns: number;
  runs: number;
}

export async function timeRuns(run: () => void, protocol: TimingProtocol, clock: () => number = wallClock): Promise<number[]> {
  for (let i = 0; i < protocol.warmupRuns; i++) {
    run();
    await yieldToEventLoop();
  }
  const times: number[] = [];
  for (let i = 0; i < protocol.runs; i++) {
    const t0 = clock();
    run();
    times.push(clock() - t0);
    await yieldToEventLoop();
  }
  return times;
}
