// Reconnect delays: exponential growth with "full jitter" (AWS architecture blog), so a
// fleet of agents that lost the profiler at the same moment does not reconnect in step.

export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
  multiplier: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 250, maxMs: 30_000, multiplier: 2 };

/** The cap for attempt n (0-based): min(max, initial · multiplier^n). */
export function backoffCeilingMs(policy: BackoffPolicy, attempt: number): number {
  return Math.min(policy.maxMs, policy.initialMs * policy.multiplier ** Math.max(0, attempt));
}

/** A delay uniform in [ceiling/2, ceiling]: jittered, yet never a tight reconnect loop. */
export function backoffDelayMs(policy: BackoffPolicy, attempt: number, random: () => number = Math.random): number {
  const ceiling = backoffCeilingMs(policy, attempt);
  return ceiling / 2 + (ceiling / 2) * random();
}
