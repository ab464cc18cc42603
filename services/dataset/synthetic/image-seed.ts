// Seeds of the per-identity and per-image random streams. Identities, indices and
// dataset seeds are any safe integers; each is passed to hashSeed as two uint32 words
// (low, high), because hashSeed folds a number's high word into its low one and so
// would give, e.g., identities 0 and -1 (or 1 and 2^32) the same stream.
import { hashSeed } from '../../common/random/rng.js';

function words(n: number): [number, number] {
  return [n >>> 0, Math.floor(n / 0x100000000) >>> 0];
}

/** Seed of a random stream named by `stream` for the given safe integers (seed, identity[, index]). */
export function streamSeed(stream: number, ...keys: number[]): number {
  return hashSeed(stream, ...keys.flatMap(words));
}
