import type { Architecture, Architecture__Output } from '../common/generated/facenas/v1/Architecture.js';
import type { Rng } from '../common/random/rng.js';

/**
 * What the profiler needs from the search space. The real one (search-space-catalog.ts)
 * wraps services/common/search-space; tests may pass a small fake.
 */
export interface ArchitectureCatalog {
  /**
   * Validates an architecture message (throwing InvalidArgumentError naming the field,
   * e.g. `architecture.blocks.2.kernel`) and returns its id, the canonical message to send
   * to agents, and its layer units' lookup-table keys at `imageSize`.
   */
  resolve(message: Architecture__Output | null, imageSize: number): ResolvedArchitecture;
  /** Every distinct layer key of the space at `imageSize` (what calibration times). */
  allLayerKeys(imageSize: number): string[];
  /** A uniformly random architecture of the space (to fit a table's correction). */
  sample(rng: Rng, imageSize: number): ResolvedArchitecture;
}

export interface ResolvedArchitecture {
  id: string;
  message: Architecture;
  layerKeys: string[];
}
