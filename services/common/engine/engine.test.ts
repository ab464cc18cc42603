import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors/errors.js';
import { initEngine } from './engine.js';
import { wasmHeapBytes } from './kernels/wasm-heap.js';

describe('initEngine', () => {
  afterEach(() => {
    delete process.env.FACENAS_BACKEND;
    delete process.env.FACENAS_THREADS;
  });

  it('rejects a bad backend or thread count naming the setting', () => {
    expect(() => initEngine({ backend: 'gpu' as 'wasm' })).toThrow(InvalidArgumentError);
    expect(() => initEngine({ threads: 0 })).toThrow(/threads/);
    process.env.FACENAS_THREADS = 'two';
    expect(() => initEngine()).toThrow(/FACENAS_THREADS/);
    delete process.env.FACENAS_THREADS;
    process.env.FACENAS_BACKEND = 'tpu';
    expect(() => initEngine()).toThrow(/FACENAS_BACKEND/);
  });

  it('refuses backend tensorflow when no tfjs-node package is installed, and a failed start can be retried', async () => {
    await expect(initEngine({ backend: 'tensorflow' })).rejects.toThrow(/tfjs-node/);
  });

  it('starts wasm (tfjs-node is not installed) with the threads asked for, and is idempotent', async () => {
    const first = await initEngine({ threads: 2 });
    expect(first.backend).toBe('wasm');
    expect(first.threads).toBe(2);
    expect(tf.getBackend()).toBe('wasm');
    const again = await initEngine();
    expect(again).toBe(first);
    await expect(initEngine({ backend: 'cpu' })).rejects.toThrow(/already started as wasm/);
    // The heap we report is the backend's real heap: it holds a 4 MiB tensor.
    const before = wasmHeapBytes();
    const big = tf.zeros([1024, 1024]);
    expect(wasmHeapBytes()).toBeGreaterThanOrEqual(Math.max(before, 4 * 2 ** 20));
    big.dispose();
  });
});
