// The architecture a trial ran, read from its message (JSON, else decisions) with the
// search space's own validation; a report must still render when one is broken.

import { FacenasError } from '../../common/errors/errors.js';
import type { Trial__Output } from '../../common/generated/facenas/v1/Trial.js';
import { type ArchitectureSpec, fromArchitectureMessage } from '../../common/search-space/index.js';

export function trialArchitecture(trial: Trial__Output): ArchitectureSpec | undefined {
  try {
    return fromArchitectureMessage(trial.architecture, `trials.${trial.id}.architecture`);
  } catch (err) {
    // Invalid input is shown as "unavailable"; anything else is a bug and must surface.
    if (err instanceof FacenasError) return undefined;
    throw err;
  }
}
