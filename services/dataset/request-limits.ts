import { InvalidArgumentError } from '../common/errors/errors.js';

// Bounds on what a request may ask for, shared by training streams, evaluation sets
// and exports. Errors name the request field as the proto spells it.

export const MIN_IMAGE_SIZE = 8;
export const MAX_IMAGE_SIZE = 512;
export const MAX_BATCH_SIZE = 4096;
/** A batch or chunk must fit one gRPC message comfortably (clients accept 64 MiB). */
export const MAX_BATCH_BYTES = 32 * 1024 * 1024;

/** The side to serve: the request's, or the dataset's own when it asks for 0. */
export function checkImageSize(requested: number, native: number, field: string): number {
  if (requested === 0) return native;
  return integerIn(requested, MIN_IMAGE_SIZE, MAX_IMAGE_SIZE, field, "0 means the dataset's own size");
}

export function integerIn(value: number, min: number, max: number, field: string, hint?: string): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new InvalidArgumentError(field, `must be an integer in [${min}, ${max}]${hint ? ` (${hint})` : ''}, got ${value}`);
  }
  return value;
}
