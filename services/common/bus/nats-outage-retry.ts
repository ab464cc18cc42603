import { UnavailableError } from '../errors/errors.js';
import { CONNECTION_CHANGED, raceConnection, type ConnectionState } from './nats-connection-state.js';
import { isTransient, toBusError } from './nats-errors.js';

// KV and object-store requests, like publishes, ride out a NATS restart: a request sent
// just before the server died is never answered and would otherwise wait out its whole
// timeout (10 s) and fail, which cost trainers their model upload (the trial was trained
// again) and the profiler its cache lookups. Only idempotent requests go through here
// (get, put, delete, list): doing one twice leaves the same state.

export interface OutagePolicy {
  connection: ConnectionState;
  /** How long an outage may last before the request fails UNAVAILABLE. */
  outageTimeoutMs: number;
}

const FIRST_BACKOFF_MS = 100;

export async function throughOutage<T>(policy: OutagePolicy, doing: string, attempt: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + policy.outageTimeoutMs;
  for (let tries = 0; ; tries += 1) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw new UnavailableError(`${doing}: NATS did not answer within ${policy.outageTimeoutMs} ms`);
    if (!policy.connection.connected) {
      await policy.connection.whenConnected(remaining);
      continue;
    }
    const pending = attempt();
    pending.catch(() => undefined);
    try {
      const result = await raceConnection(policy.connection, pending);
      if (result !== CONNECTION_CHANGED) return result;
    } catch (err) {
      if (!isTransient(err) || Date.now() >= deadline) throw toBusError(err, doing);
    }
    await new Promise((r) => setTimeout(r, Math.min(FIRST_BACKOFF_MS * 2 ** Math.min(tries, 4), Math.max(0, deadline - Date.now()))));
  }
}
