import { createHash } from 'node:crypto';
import { InvalidArgumentError } from '../../services/common/errors/errors.js';
import type { Architecture__Output } from '../../services/common/generated/facenas/v1/Architecture.js';
import type { MeasurementTask__Output } from '../../services/common/generated/facenas/v1/MeasurementTask.js';
import type { ArchitectureCatalog, ResolvedArchitecture } from '../../services/profiler/architecture-catalog.js';
import type { Rng } from '../../services/common/random/rng.js';
import type { MeasurementRunner } from '../../services/profiler/agent/measurement-runner.js';

// Stand-ins for the search space and the tfjs runner, so the service machinery can be
// tested fast and exactly: an "architecture" is JSON {"layers": ["a", "b", ...]}.

export const FAKE_KEYS = ['a', 'bb', 'ccc'];

export function fakeArchitecture(layers: string[]): { json: string } {
  return { json: JSON.stringify({ layers }) };
}

export const fakeCatalog: ArchitectureCatalog = {
  resolve(message: Architecture__Output | null): ResolvedArchitecture {
    if (!message || message.json === '') throw new InvalidArgumentError('architecture', 'required');
    const parsed = JSON.parse(message.json) as { layers: unknown };
    if (!Array.isArray(parsed.layers)) throw new InvalidArgumentError('architecture.layers', 'must be a list');
    parsed.layers.forEach((key, i) => {
      if (!FAKE_KEYS.includes(key as string)) throw new InvalidArgumentError(`architecture.layers.${i}`, `unknown layer ${JSON.stringify(key)}`);
    });
    const id = createHash('sha256').update(message.json).digest('hex').slice(0, 16);
    return { id, message: { json: message.json, id }, layerKeys: parsed.layers as string[] };
  },
  allLayerKeys: () => [...FAKE_KEYS],
  sample(rng: Rng): ResolvedArchitecture {
    const layers = Array.from({ length: 1 + rng.int(4) }, () => rng.pick(FAKE_KEYS));
    return fakeCatalog.resolve({ ...fakeArchitecture(layers), id: '', space: '', decisions: [], parameters: 0, madds: 0 }, 64);
  },
};

/** MODEL: median = 1 ms per layer + 0.5 ms; LAYERS: each key's median = its length, overhead 0.5. */
export class FakeRunner implements MeasurementRunner {
  readonly backend = 'fake';
  readonly threads = 1;
  readonly tasks: MeasurementTask__Output[] = [];
  constructor(private readonly delayMs = 0) {}

  async run(task: MeasurementTask__Output) {
    this.tasks.push(task);
    if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
    if (task.kind === 'TASK_KIND_LAYERS') {
      return { overheadMs: 0.5, layers: task.layerKeys.map((key) => ({ key, medianMs: key.length })) };
    }
    const layers = (JSON.parse(task.architecture?.json ?? '{"layers":[]}') as { layers: string[] }).layers;
    const ms = layers.length + 0.5;
    return { latency: { medianMs: ms, p90Ms: ms + 0.1, meanMs: ms, stdMs: 0.01, runs: task.runs, imageSize: task.imageSize } };
  }
}
