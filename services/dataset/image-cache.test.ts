import { describe, expect, it } from 'vitest';
import { ImageCache } from './image-cache.js';

describe('image cache', () => {
  it('evicts the least recently used entries to stay within its byte budget', () => {
    const cache = new ImageCache(10);
    cache.set('a', new Uint8Array(4));
    cache.set('b', new Uint8Array(4));
    expect(cache.get('a')).toBeDefined(); // a is now the most recent
    cache.set('c', new Uint8Array(4)); // 12 bytes: b goes
    expect([cache.get('a'), cache.get('b'), cache.get('c')].map((v) => v?.length)).toEqual([4, undefined, 4]);
    expect(cache.usedBytes).toBe(8);
    cache.set('a', new Uint8Array(2)); // replacing counts the new size only
    expect(cache.usedBytes).toBe(6);
    cache.set('huge', new Uint8Array(11)); // larger than the whole budget: not kept, nothing evicted
    expect(cache.get('huge')).toBeUndefined();
    expect(cache.usedBytes).toBe(6);
  });

  it('drops one dataset\'s entries by key prefix', () => {
    const cache = new ImageCache(100);
    cache.set('x#1@8', new Uint8Array(3));
    cache.set('x#2@8', new Uint8Array(3));
    cache.set('y#1@8', new Uint8Array(3));
    cache.dropPrefix('x#');
    expect([cache.get('x#1@8'), cache.get('x#2@8'), cache.get('y#1@8')].map((v) => v?.length)).toEqual([undefined, undefined, 3]);
    expect(cache.usedBytes).toBe(3);
  });
});
