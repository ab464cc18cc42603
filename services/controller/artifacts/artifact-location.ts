import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MODELS_BUCKET } from '../../common/bus/subjects.js';
import { InvalidArgumentError } from '../../common/errors/errors.js';

// Where trainers put a trial's model: `<base>/<searchId>/<trialId>`, with the base a
// file:// folder (embedded mode: the trainers share this machine's disk) or a
// nats-object://<bucket> (cluster mode: the JetStream object store).

export type ArtifactUriOf = (searchId: string, trialId: string) => string;

/** The default base: the models object store with NATS, else `<data-dir or cwd>/models`. */
export function defaultArtifactBase(withNats: boolean, dataDir: string | undefined): string {
  if (withNats) return `nats-object://${MODELS_BUCKET}`;
  return pathToFileURL(resolve(dataDir ?? '.', 'models')).href;
}

/** Checks `base` (a file:// URL of an absolute folder, or nats-object://<bucket>[/prefix]) and returns the URI maker. */
export function artifactLocation(base: string, field = '--artifacts'): ArtifactUriOf {
  const trimmed = base.replace(/\/+$/, '');
  if (base.startsWith('file://')) {
    let path: string;
    try {
      path = decodeURIComponent(new URL(base).pathname).replace(/\/+$/, '');
    } catch {
      throw new InvalidArgumentError(field, `not a file:// URL: ${JSON.stringify(base)}`);
    }
    if (!isAbsolute(path)) throw new InvalidArgumentError(field, `must name an absolute folder other than /, got ${JSON.stringify(base)}`);
  } else if (base.startsWith('nats-object://')) {
    if (!/^nats-object:\/\/[A-Za-z0-9_-]+(\/[A-Za-z0-9_./-]+)?$/.test(trimmed)) {
      throw new InvalidArgumentError(field, `must be nats-object://<bucket>[/<prefix>] with a bucket of letters, digits, "_" or "-", got ${JSON.stringify(base)}`);
    }
  } else {
    throw new InvalidArgumentError(field, `must be a file:// folder or nats-object://<bucket>, got ${JSON.stringify(base)}`);
  }
  return (searchId, trialId) => `${trimmed}/${searchId}/${trialId}`;
}
