// Domain errors that carry the gRPC status they map to, so any layer can throw
// them and the gRPC kit turns them into the right status code and message.

export type ErrorKind =
  | 'INVALID_ARGUMENT'
  | 'NOT_FOUND'
  | 'FAILED_PRECONDITION'
  | 'UNAVAILABLE'
  | 'ALREADY_EXISTS'
  | 'RESOURCE_EXHAUSTED'
  | 'UNAUTHENTICATED'
  | 'PERMISSION_DENIED'
  | 'DEADLINE_EXCEEDED'
  | 'CANCELLED'
  | 'INTERNAL';

export class FacenasError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'FacenasError';
  }
}

/** A bad value in a request, config or file. `field` is a dotted path such as `spec.budget.epochs`. */
export class InvalidArgumentError extends FacenasError {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super('INVALID_ARGUMENT', `${field}: ${reason}`);
    this.name = 'InvalidArgumentError';
  }
}

/** Several bad fields at once, reported together (like Katib's ValidateAlgorithmSettings). */
export class InvalidArgumentsError extends FacenasError {
  constructor(readonly problems: readonly InvalidArgumentError[]) {
    super('INVALID_ARGUMENT', problems.map((p) => p.message).join('; '));
    this.name = 'InvalidArgumentsError';
  }
}

export class NotFoundError extends FacenasError {
  constructor(what: string, id: string) {
    super('NOT_FOUND', `${what} ${JSON.stringify(id)} not found`);
    this.name = 'NotFoundError';
  }
}

export class FailedPreconditionError extends FacenasError {
  constructor(message: string) {
    super('FAILED_PRECONDITION', message);
    this.name = 'FailedPreconditionError';
  }
}

export class UnavailableError extends FacenasError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('UNAVAILABLE', message, options);
    this.name = 'UnavailableError';
  }
}

/** Throws one InvalidArgumentsError naming every problem, or returns when there are none. */
export function throwIfProblems(problems: readonly InvalidArgumentError[]): void {
  if (problems.length === 1) throw problems[0];
  if (problems.length > 1) throw new InvalidArgumentsError(problems);
}
