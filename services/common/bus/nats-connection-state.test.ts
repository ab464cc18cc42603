import { describe, expect, it } from 'vitest';
import { CONNECTION_CHANGED, ConnectionState, raceConnection } from './nats-connection-state.js';

describe('ConnectionState', () => {
  it('an attempt loses the race to a connection change, and wins otherwise', async () => {
    const state = new ConnectionState();
    const never = new Promise<string>(() => undefined);
    const raced = raceConnection(state, never);
    state.set(false);
    expect(await raced).toBe(CONNECTION_CHANGED);
    expect(await raceConnection(state, Promise.resolve('ack'))).toBe('ack');
    await expect(raceConnection(state, Promise.reject(new Error('boom')))).rejects.toThrow('boom');
  });

  it('a settled attempt stops listening (no listener piles up between outages)', async () => {
    const state = new ConnectionState();
    for (let i = 0; i < 1000; i += 1) await raceConnection(state, Promise.resolve(i));
    let calls = 0;
    state.onNextChange(() => {
      calls += 1;
    });
    state.set(false);
    state.set(true);
    expect(calls).toBe(1);
    expect((state as unknown as { listeners: Set<unknown> }).listeners.size).toBe(0);
  });

  it('whenConnected waits for the reconnect or the time limit', async () => {
    const state = new ConnectionState();
    state.set(false);
    const started = Date.now();
    await state.whenConnected(150);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    const waiting = state.whenConnected(10_000);
    setTimeout(() => state.set(true), 50);
    const t0 = Date.now();
    await waiting;
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(state.connected).toBe(true);
  });
});
