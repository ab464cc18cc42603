import { FacenasError, type ErrorKind } from '../common/errors/errors.js';

// What a trainer does with a trial that threw. Poison input (the job itself is wrong,
// so every trainer would fail the same way) is terminated at once with a FAILED
// result; a failure another attempt may not see (a dataset service that is down, a
// heap exhausted by whatever else ran) is given back with a delay, and becomes a
// FAILED result only on the job's last delivery.

export type FailureDisposition = 'poison' | 'retry';

const POISON_KINDS: ReadonlySet<ErrorKind> = new Set(['INVALID_ARGUMENT', 'NOT_FOUND', 'FAILED_PRECONDITION', 'PERMISSION_DENIED', 'UNAUTHENTICATED']);

/** Messages of the wasm heap or the JS heap running out, which a fresh attempt may survive. */
const OUT_OF_MEMORY = /out of memory|memory access out of bounds|Aborted\(OOM\)|Cannot enlarge memory|Array buffer allocation failed|Invalid typed array length/i;

export interface ClassifiedFailure {
  disposition: FailureDisposition;
  /** One line for the trial's `reason`: what failed, prefixed by its kind. */
  reason: string;
}

export function classifyFailure(err: unknown): ClassifiedFailure {
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof FacenasError) {
    if (POISON_KINDS.has(err.kind)) return { disposition: 'poison', reason: `${err.kind.toLowerCase()}: ${message}` };
    return { disposition: 'retry', reason: `${err.kind.toLowerCase()}: ${message}` };
  }
  if (OUT_OF_MEMORY.test(message)) return { disposition: 'retry', reason: `out_of_memory: ${message}` };
  return { disposition: 'retry', reason: `internal: ${message}` };
}

/** Delay before a retried job is delivered again: 5 s, 10 s, 20 s ... capped at a minute. */
export function retryDelayMs(delivery: number): number {
  return Math.min(60_000, 5_000 * 2 ** Math.max(0, delivery - 1));
}
