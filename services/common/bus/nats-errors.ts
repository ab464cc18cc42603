import { JetStreamApiError } from '@nats-io/jetstream';
import { AuthorizationError, ClosedConnectionError, ConnectionError, NoRespondersError, RequestError, TimeoutError, UserAuthenticationExpiredError } from '@nats-io/transport-node';
import { FacenasError, FailedPreconditionError, NotFoundError, UnavailableError } from '../errors/errors.js';

// How the NATS bus reads the client's errors: which ones mean "the server is
// away for now" (retry until a deadline), and which facenas error each becomes.

/** JetStream API error codes (nats-server/server/errors.json) that the bus reacts to. */
export const JsApiCode = {
  ConsumerNotFound: 10014,
  StreamNotFound: 10059,
  StreamWrongLastSequence: 10071,
  StreamWrongLastSequenceUnknown: 10164,
} as const;

function causes(err: unknown): unknown[] {
  const chain: unknown[] = [];
  let current: unknown = err;
  while (current instanceof Error && chain.length < 8) {
    chain.push(current);
    current = current.cause;
  }
  return chain;
}

/** A JetStream API error with one of `codes`, anywhere in the cause chain. */
export function hasApiCode(err: unknown, ...codes: number[]): boolean {
  return causes(err).some((e) => e instanceof JetStreamApiError && codes.includes(e.code));
}

export function isNoResponders(err: unknown): boolean {
  return causes(err).some((e) => e instanceof NoRespondersError);
}

export function isAuthError(err: unknown): boolean {
  return causes(err).some((e) => e instanceof AuthorizationError || e instanceof UserAuthenticationExpiredError);
}

/**
 * The server (or JetStream on it) did not answer: disconnected, restarting,
 * recovering its streams (no responders), or too slow. Worth retrying while a
 * deadline allows. A missing stream also shows as "no responders" to a publish:
 * callers that can tell the two apart check first.
 */
export function isTransient(err: unknown): boolean {
  return causes(err).some(
    (e) =>
      e instanceof TimeoutError ||
      e instanceof NoRespondersError ||
      e instanceof ConnectionError,
  );
}

export function isClosedConnection(err: unknown): boolean {
  return causes(err).some((e) => e instanceof ClosedConnectionError);
}

/** Turns a client error into a facenas error that names what was being done. */
export function toBusError(err: unknown, doing: string): Error {
  if (err instanceof FacenasError) return err;
  if (isClosedConnection(err)) return new FailedPreconditionError(`${doing}: the NATS connection is closed`);
  if (isAuthError(err)) return new FacenasError('PERMISSION_DENIED', `${doing}: ${(err as Error).message}`, { cause: err });
  if (isTransient(err)) return new UnavailableError(`${doing}: NATS did not answer (${(err as Error).message})`, { cause: err });
  if (err instanceof JetStreamApiError) return new FailedPreconditionError(`${doing}: ${err.message} (JetStream error ${err.code})`);
  if (err instanceof RequestError) return new UnavailableError(`${doing}: ${err.message}`, { cause: err });
  return err instanceof Error ? err : new Error(`${doing}: ${String(err)}`);
}

export function notFoundOr(err: unknown, doing: string, what: string, id: string, code: number): Error {
  return hasApiCode(err, code) ? new NotFoundError(what, id) : toBusError(err, doing);
}
