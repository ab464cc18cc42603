import * as grpc from '@grpc/grpc-js';
import { FacenasError, type ErrorKind } from '../common/errors/errors.js';
import { isServiceError } from '../common/grpc/status-mapping.js';

const KINDS: Partial<Record<grpc.status, ErrorKind>> = {
  [grpc.status.INVALID_ARGUMENT]: 'INVALID_ARGUMENT',
  [grpc.status.NOT_FOUND]: 'NOT_FOUND',
  [grpc.status.FAILED_PRECONDITION]: 'FAILED_PRECONDITION',
  [grpc.status.UNAVAILABLE]: 'UNAVAILABLE',
  [grpc.status.PERMISSION_DENIED]: 'PERMISSION_DENIED',
  [grpc.status.RESOURCE_EXHAUSTED]: 'RESOURCE_EXHAUSTED',
  [grpc.status.DEADLINE_EXCEEDED]: 'DEADLINE_EXCEEDED',
  [grpc.status.CANCELLED]: 'CANCELLED',
  [grpc.status.UNAUTHENTICATED]: 'UNAUTHENTICATED',
};

/** A dataset service's gRPC error as the FacenasError embedded mode would have thrown (same kind, same message). */
export function fromServiceError(err: unknown): unknown {
  if (!isServiceError(err)) return err;
  return new FacenasError(KINDS[err.code as grpc.status] ?? 'INTERNAL', err.details || err.message, { cause: err });
}
