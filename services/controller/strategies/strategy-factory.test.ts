import { describe, expect, it } from 'vitest';
import { fromArchitectureMessage } from '../../common/search-space/index.js';
import { mobileFaceNetCodec } from '../architecture/mobilefacenet-codec.js';
import { resolveSearchSpec } from '../spec/search-spec.js';
import { registryStrategyFactory } from './strategy-factory.js';

const factory = registryStrategyFactory();
const spec = (name: string, settings: Record<string, string> = {}) =>
  resolveSearchSpec({
    name: '',
    dataset: '',
    budget: null,
    algorithm: { name, settings: Object.entries(settings).map(([n, value]) => ({ name: n, value })) },
    objective: 'OBJECTIVE_UNSPECIFIED',
    reward: { constraint: 'REWARD_CONSTRAINT_SOFT', alpha: 0, beta: 0, targetLatencyMs: 20, device: 'd', allowPredictedLatency: false, imageSize: 0 },
    maxTrials: 0,
    parallelTrials: 0,
    maxFailedTrials: 0,
    seed: 5,
    includeBaseline: false,
    earlyStopping: false,
    space: '',
  });

describe('strategies over the mobilefacenet-v1 space', () => {
  it('evolution\'s children are valid architectures one real change away from a member', async () => {
    const s = await factory.create(spec('evolution', { population_size: '6', sample_size: '3' }), null);
    const first = await s.ask(6);
    await s.tell(first.map((p, i) => ({ ...p, reward: 0.5 + i / 100, trialId: `p${i}` })));
    const members = first.map((p) => mobileFaceNetCodec.fromDecisions(p.decisions, 64));
    for (const child of await s.ask(200)) {
      const architecture = mobileFaceNetCodec.fromDecisions(child.decisions, 64);
      expect(() => fromArchitectureMessage(architecture)).not.toThrow();
      const parents = first.filter((p) => p.decisions.filter((d, i) => d !== child.decisions[i]).length === 1);
      expect(parents.length).toBeGreaterThan(0);
      // The change is one the architecture feels: its id differs from every parent's.
      for (const p of parents) expect(architecture.id).not.toBe(members[first.indexOf(p)].id);
    }
    s.dispose();
  });

  it('checks settings naming the field, and refuses a saved state that is not one', async () => {
    expect(factory.validate({ name: 'evolution', settings: [{ name: 'population_size', value: '1' }] }).map((p) => p.field)).toEqual(['spec.algorithm.settings.population_size']);
    expect(factory.validate({ name: 'random', settings: [] })).toEqual([]);
    await expect(factory.create(spec('random'), { weights: [] })).rejects.toThrow('the saved strategy state is not one');
  });

  it('continues a strategy exactly from its saved state', async () => {
    const original = await factory.create(spec('random'), null);
    await original.ask(3);
    const restored = await factory.create(spec('random'), JSON.parse(JSON.stringify(await original.state())));
    expect(await restored.ask(4)).toEqual(await original.ask(4));
  });
});
