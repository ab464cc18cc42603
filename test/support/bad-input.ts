import * as grpc from '@grpc/grpc-js';
import { expect } from 'vitest';
import { checkHealth } from '../../services/common/grpc/health-client.js';
import type { ClientTlsOptions } from '../../services/common/grpc/tls.js';
import type { CallOutcome } from './grpc-raw.js';

// Shared by the bad-input suites of every gRPC service (test/bad-input/*): what a
// well-handled hostile request looks like, and the check that the service survived it.
// SearchService's suite is meant to use the same pieces: describe its service as a
// ServiceUnderTest and run each case through expectRefusal + expectStillServing.

/** What a bad-input suite attacks, and a request that must keep working between cases. */
export interface ServiceUnderTest {
  /** Fully qualified service name, as health checks know it, e.g. `facenas.v1.DatasetService`. */
  service: string;
  address: string;
  tls?: ClientTlsOptions;
  /** A valid request; rejects when the service stopped answering properly. */
  validCall(): Promise<void>;
}

/**
 * A field-naming message: `field: reason`, where a field is a dotted path (`uri.images`,
 * `architecture.decisions.3`, `hello.device.name`) whose parts may be any JSON key a client
 * sent, or a bracketed one (`layers["a b"]`).
 */
export const FIELD_MESSAGE = /^[a-z_](?:[^\s:[]|\[[^\]]*\])*: \S/;

/** The codes a refused request may carry: the client's fault, or a state it can change. */
export const REFUSAL_CODES: readonly grpc.status[] = [
  grpc.status.INVALID_ARGUMENT,
  grpc.status.NOT_FOUND,
  grpc.status.FAILED_PRECONDITION,
  grpc.status.RESOURCE_EXHAUSTED,
  grpc.status.PERMISSION_DENIED,
];

export function codeName(code: number): string {
  return grpc.status[code] ?? String(code);
}

function describeOutcome(outcome: Pick<CallOutcome, 'code' | 'details'>): string {
  return `${codeName(outcome.code)} ${JSON.stringify(outcome.details)}`;
}

/** The call was refused with `code`; for INVALID_ARGUMENT the message starts with `field: `. */
export function expectRefusal(outcome: Pick<CallOutcome, 'code' | 'details'>, code: grpc.status, field?: string | RegExp): void {
  expect(describeOutcome(outcome), 'status').toBe(describeOutcome({ code, details: outcome.details }));
  if (field === undefined) {
    expect(outcome.details.length, 'a refusal says why').toBeGreaterThan(0);
    if (code === grpc.status.INVALID_ARGUMENT) expect(outcome.details).toMatch(FIELD_MESSAGE);
  } else if (typeof field === 'string') {
    expect(outcome.details.startsWith(`${field}: `), `details ${JSON.stringify(outcome.details)} name ${field}`).toBe(true);
  } else {
    expect(outcome.details).toMatch(field);
  }
}

/**
 * Whatever garbage came in, the answer was a deliberate one: success, or a refusal code
 * with a message (naming a field for INVALID_ARGUMENT) — never INTERNAL, UNKNOWN, a hang
 * (DEADLINE_EXCEEDED) or a dead server (UNAVAILABLE).
 */
export function expectHandled(outcome: Pick<CallOutcome, 'code' | 'details'>): void {
  if (outcome.code === grpc.status.OK) return;
  expect(REFUSAL_CODES.map(codeName), describeOutcome(outcome)).toContain(codeName(outcome.code));
  if (outcome.code === grpc.status.INVALID_ARGUMENT) expect(outcome.details).toMatch(FIELD_MESSAGE);
  else expect(outcome.details.length).toBeGreaterThan(0);
}

/** Health says SERVING for the service and a valid request still works. */
export async function expectStillServing(target: ServiceUnderTest): Promise<void> {
  expect(await checkHealth(target.address, target.service, { tls: target.tls, deadlineMs: 5_000 })).toBe('SERVING');
  await target.validCall();
}

/** The outcome of a typed call: its status when it fails, OK with the response otherwise. */
export async function settle<T>(call: Promise<T>): Promise<{ code: grpc.status; details: string; value?: T }> {
  try {
    return { code: grpc.status.OK, details: '', value: await call };
  } catch (err) {
    const e = err as Partial<grpc.ServiceError>;
    if (typeof e.code !== 'number') throw err;
    return { code: e.code, details: e.details ?? '' };
  }
}

/** Seeded bytes (xorshift32), so a failing garbage case can be replayed from its seed. */
export function seededBytes(seed: number, length: number): Uint8Array {
  let x = seed >>> 0 || 1;
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

/** Matches exactly `text` (for expectRefusal when the whole message is known). */
export function exactly(text: string): RegExp {
  return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`);
}

/** Matches messages starting with `text`. */
export function startingWith(text: string): RegExp {
  return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`);
}

export const INT32_MAX = 2 ** 31 - 1;
export const INT32_MIN = -(2 ** 31);
