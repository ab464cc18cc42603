import { FacenasError } from '../../common/errors/errors.js';

/**
 * A dataset file that does not follow its format. The message names the file and the
 * line (text formats) or byte offset (binary formats) so a user can look at the spot.
 * It is FAILED_PRECONDITION: the request was fine, the data on disk is not.
 */
export class DatasetFormatError extends FacenasError {
  constructor(
    readonly file: string,
    readonly location: { line: number } | { offset: number } | null,
    readonly reason: string,
  ) {
    super('FAILED_PRECONDITION', `${file}${describeLocation(location)}: ${reason}`);
    this.name = 'DatasetFormatError';
  }
}

function describeLocation(location: { line: number } | { offset: number } | null): string {
  if (location === null) return '';
  if ('line' in location) return `:${location.line}`;
  return ` at byte offset ${location.offset}`;
}
