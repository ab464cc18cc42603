import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { decode, DECISION_COUNT, layerConfigs, toArchitectureMessage } from '../../common/search-space/index.js';
import { startAgentEngine } from './agent-engine.js';
import { TfjsRunner } from './tfjs-runner.js';

const spec = decode(new Array<number>(DECISION_COUNT).fill(0));
let runner: TfjsRunner;

beforeAll(async () => {
  runner = new TfjsRunner(await startAgentEngine(1));
});

function task(kind: 'TASK_KIND_MODEL' | 'TASK_KIND_LAYERS', layerKeys: string[] = []) {
  return { taskId: 't', kind, architecture: toArchitectureMessage(spec, 32), imageSize: 32, warmupRuns: 1, runs: 4, threads: 1, layerKeys } as const;
}

describe('tfjs runner', () => {
  it('times a whole model on wasm and frees every tensor', async () => {
    expect(tf.getBackend()).toBe('wasm');
    const before = tf.memory().numTensors;
    const result = await runner.run({ ...task('TASK_KIND_MODEL'), layerKeys: [] });
    expect(tf.memory().numTensors).toBe(before);
    const l = result.latency!;
    expect(l.runs).toBe(4);
    expect(l.medianMs).toBeGreaterThan(0);
    expect(l.p90Ms).toBeGreaterThanOrEqual(l.medianMs as number);
    expect(l.imageSize).toBe(32);
  });

  it('leaves alone tensors other code in the process makes while it times (embedded mode)', async () => {
    const before = tf.memory().numTensors;
    const made: tf.Tensor[] = [];
    // The controller's policy and optimiser live in the same tfjs engine as a local agent
    // and are updated between the agent's timed runs.
    const others = setInterval(() => made.push(tf.tidy(() => tf.add(tf.ones([4]), 1))), 1);
    try {
      await runner.run({ ...task('TASK_KIND_MODEL'), runs: 20, layerKeys: [] });
    } finally {
      clearInterval(others);
    }
    expect(made.length).toBeGreaterThan(0);
    expect(made.filter((t) => t.isDisposed)).toEqual([]);
    expect(Array.from(made[0].dataSync())).toEqual([2, 2, 2, 2]);
    tf.dispose(made);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('times each layer unit and the overhead, and frees every tensor', async () => {
    const keys = [...new Set(layerConfigs(spec, 32).map((c) => c.key))];
    const before = tf.memory().numTensors;
    const result = await runner.run({ ...task('TASK_KIND_LAYERS', keys) });
    expect(tf.memory().numTensors).toBe(before);
    expect(result.layers?.map((l) => l.key)).toEqual(keys);
    expect(result.layers?.map((l) => l.medianMs).filter((ms) => !((ms as number) > 0))).toEqual([]);
    expect(result.overheadMs).toBeGreaterThan(0);
  });

  it('rejects an invalid architecture naming the field', async () => {
    await expect(runner.run({ ...task('TASK_KIND_MODEL'), architecture: { ...toArchitectureMessage(spec, 32), json: '', id: '', decisions: [7] } })).rejects.toThrow(
      /^architecture\.decisions/,
    );
  });
});
