import { describe, expect, it } from 'vitest';
import { createMemoryBus } from '../../common/bus/memory-bus.js';
import { StrategyStateStore } from './strategy-state-store.js';

async function stores(limit: number) {
  const bus = createMemoryBus();
  const kv = await bus.kv('states');
  const objects = await bus.objects('states');
  return { kv, objects, store: new StrategyStateStore(kv, objects, limit) };
}

describe('strategy state store', () => {
  it('keeps a small state in KV and moves it to the object store once it outgrows the limit', async () => {
    const { kv, objects, store } = await stores(100);
    expect(await store.load('s1')).toBeNull();
    await store.save('s1', { told: ['a'] });
    expect(await objects.list()).toEqual([]);
    expect(await store.load('s1')).toEqual({ told: ['a'] });

    const big = { told: Array.from({ length: 40 }, (_, i) => `trial-${i}`) };
    await store.save('s1', big);
    expect(await objects.list()).toEqual(['s1']);
    expect(new TextDecoder().decode((await kv.get('strategy.s1'))?.value)).toBe('{"$objectStore":true}');
    expect(await store.load('s1')).toEqual(big);
    // A fresh store (a restarted controller) finds it through the pointer.
    expect(await new StrategyStateStore(kv, objects, 100).load('s1')).toEqual(big);
  });

  it('says so when the pointer leads nowhere', async () => {
    const { kv, objects, store } = await stores(10);
    await store.save('s2', { told: ['a', 'b', 'c'] });
    await objects.delete('s2');
    await expect(new StrategyStateStore(kv, objects, 10).load('s2')).rejects.toThrow('the strategy state of search s2 is missing from the object store');
  });
});
