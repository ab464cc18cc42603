import * as grpc from '@grpc/grpc-js';
import { FacenasError, type ErrorKind } from '../errors/errors.js';

const CODES: Record<ErrorKind, grpc.status> = {
  INVALID_ARGUMENT: grpc.status.INVALID_ARGUMENT,
  NOT_FOUND: grpc.status.NOT_FOUND,
  FAILED_PRECONDITION: grpc.status.FAILED_PRECONDITION,
  UNAVAILABLE: grpc.status.UNAVAILABLE,
  ALREADY_EXISTS: grpc.status.ALREADY_EXISTS,
  RESOURCE_EXHAUSTED: grpc.status.RESOURCE_EXHAUSTED,
  UNAUTHENTICATED: grpc.status.UNAUTHENTICATED,
  PERMISSION_DENIED: grpc.status.PERMISSION_DENIED,
  DEADLINE_EXCEEDED: grpc.status.DEADLINE_EXCEEDED,
  CANCELLED: grpc.status.CANCELLED,
  INTERNAL: grpc.status.INTERNAL,
};

/** Turns anything thrown by a handler into a gRPC status; unknown errors become INTERNAL. */
export function toServiceError(err: unknown): grpc.ServiceError {
  if (err instanceof FacenasError) {
    return Object.assign(new Error(err.message), { code: CODES[err.kind], details: err.message, metadata: new grpc.Metadata() });
  }
  if (isServiceError(err)) return err;
  const message = err instanceof Error ? err.message : String(err);
  return Object.assign(new Error(message), {
    code: grpc.status.INTERNAL,
    details: `internal error: ${message}`,
    metadata: new grpc.Metadata(),
  });
}

export function isServiceError(err: unknown): err is grpc.ServiceError {
  return err instanceof Error && typeof (err as Partial<grpc.ServiceError>).code === 'number' && 'details' in err;
}
