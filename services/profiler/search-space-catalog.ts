import type { Architecture__Output } from '../common/generated/facenas/v1/Architecture.js';
import type { Rng } from '../common/random/rng.js';
import { architectureId, decode, enumerateLayerConfigs, fromArchitectureMessage, layerConfigs, sampleUniform, toArchitectureMessage, type ArchitectureSpec } from '../common/search-space/index.js';
import type { ArchitectureCatalog, ResolvedArchitecture } from './architecture-catalog.js';

/** The profiler's view of the `mobilefacenet-v1` search space. */
export function searchSpaceCatalog(): ArchitectureCatalog {
  const allKeys = new Map<number, string[]>();
  const resolved = (spec: ArchitectureSpec, imageSize: number): ResolvedArchitecture => ({
    id: architectureId(spec),
    message: toArchitectureMessage(spec, imageSize),
    layerKeys: layerConfigs(spec, imageSize).map((c) => c.key),
  });
  return {
    resolve: (message: Architecture__Output | null, imageSize: number) => resolved(fromArchitectureMessage(message, 'architecture'), imageSize),
    sample: (rng: Rng, imageSize: number) => resolved(decode(sampleUniform(rng)), imageSize),
    allLayerKeys(imageSize: number): string[] {
      let keys = allKeys.get(imageSize);
      if (!keys) allKeys.set(imageSize, (keys = enumerateLayerConfigs(imageSize).map((c) => c.key)));
      return keys;
    },
  };
}
