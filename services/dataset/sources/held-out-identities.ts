import { InvalidArgumentError } from '../../common/errors/errors.js';

/**
 * How many identities (the last ones) a folder or rec set keeps for verification:
 * the URI's eval_identities, else a tenth of them. At least one must remain to train on.
 */
export function evaluationIdentityCount(requested: number | null, identities: number): number {
  const count = requested ?? Math.floor(identities / 10);
  if (count >= identities) {
    throw new InvalidArgumentError('uri.eval_identities', `must leave at least one of the ${identities} identities for training, got ${count}`);
  }
  return count;
}
