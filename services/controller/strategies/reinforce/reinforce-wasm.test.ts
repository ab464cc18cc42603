// The controller may run on the wasm backend (the engine's default here): the
// policy's ops must have gradients there too and give the cpu backend's numbers.

import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { initEngine } from '../../../common/engine/engine.js';
import { createStrategy } from '../registry.js';
import type { ReinforceStrategy } from './reinforce-strategy.js';

const space = { name: 'toy', cardinalities: [3, 2, 4, 2], names: ['a', 'b', 'c', 'd'] };
const probe = [
  [2, 1, 3, 0],
  [0, 0, 1, 1],
];

async function logProbsAfter(rounds: number): Promise<number[][]> {
  const s = (await createStrategy('reinforce', space, { lstm_hidden: '16' }, 5)) as ReinforceStrategy;
  for (let round = 0; round < rounds; round++) {
    await s.tell([0, 1, 2].map((i) => ({ decisions: probe[i % 2], logProbs: [], reward: i === 0 ? 1 : 0.4, trialId: `${round}.${i}` })));
  }
  const values = await s.logProbabilities(probe);
  s.dispose();
  return values;
}

describe('reinforce on the wasm backend', () => {
  it('trains like the cpu backend', async () => {
    const engine = await initEngine({ backend: 'wasm', threads: 1 });
    expect(engine.backend).toBe('wasm');
    const wasm = { initial: await logProbsAfter(0), trained: await logProbsAfter(8) };
    await tf.setBackend('cpu');
    const cpu = { initial: await logProbsAfter(0), trained: await logProbsAfter(8) };
    const maxDifference = (a: number[][], b: number[][]) => Math.max(...a.flatMap((row, i) => row.map((v, t) => Math.abs(v - b[i][t]))));
    expect(maxDifference(wasm.initial, cpu.initial)).toBeLessThan(1e-6);
    // Adam divides by √v, so a gradient component that is rounding noise still moves its
    // weight by up to the learning rate; after 8 updates the backends differ by ~4e-4.
    expect(maxDifference(wasm.trained, cpu.trained)).toBeLessThan(3e-3);
    // And it learned: the rewarded architecture is now the likelier one.
    const sum = (r: number[]) => r.reduce((a, b) => a + b, 0);
    expect(sum(wasm.trained[0]) - sum(wasm.initial[0])).toBeGreaterThan(0.5);
    expect(sum(wasm.trained[1]) - sum(wasm.initial[1])).toBeLessThan(-0.5);
  });
});
