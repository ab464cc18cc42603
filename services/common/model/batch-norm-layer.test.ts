import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../engine/engine.js';
import { relativeError } from '../engine/test-support/backend-comparison.js';
import { TrainingBatchNormalization } from './batch-norm-layer.js';

beforeAll(async () => {
  await initEngine({ backend: 'wasm' });
});

describe('TrainingBatchNormalization', () => {
  it('matches the stock layer: training output, moving statistics, inference, config', () => {
    const args = { axis: -1, momentum: 0.9, epsilon: 1e-5 };
    const ours = new TrainingBatchNormalization({ ...args, name: 'ours' });
    const stock = tf.layers.batchNormalization({ ...args, name: 'stock' });
    const x = tf.add(tf.mul(tf.randomNormal([4, 5, 5, 8], 0, 1, 'float32', 1), 2), 0.7);
    for (const layer of [ours, stock]) layer.build(x.shape);
    // Non-trivial γ and β so that both enter the output.
    const weights = [tf.randomUniform([8], 0.5, 1.5, 'float32', 2), tf.randomNormal([8], 0, 1, 'float32', 3), tf.zeros([8]), tf.ones([8])];
    ours.setWeights(weights);
    stock.setWeights(weights);
    const trainOurs = (ours.apply(x, { training: true }) as tf.Tensor).dataSync() as Float32Array;
    const trainStock = (stock.apply(x, { training: true }) as tf.Tensor).dataSync() as Float32Array;
    expect(relativeError(trainOurs, trainStock)).toBeLessThan(1e-5);
    const [oursAfter, stockAfter] = [ours, stock].map((l) => l.getWeights().map((w) => w.dataSync() as Float32Array));
    // moving mean and variance moved by the same batch statistics
    for (const i of [2, 3]) expect(relativeError(oursAfter[i], stockAfter[i])).toBeLessThan(1e-5);
    expect(oursAfter[2].some((v) => v !== 0)).toBe(true);
    const inferOurs = (ours.apply(x) as tf.Tensor).dataSync() as Float32Array;
    const inferStock = (stock.apply(x) as tf.Tensor).dataSync() as Float32Array;
    expect(relativeError(inferOurs, inferStock)).toBeLessThan(1e-6);
    expect(ours.getClassName()).toBe('BatchNormalization');
    expect({ ...ours.getConfig(), name: 'stock' }).toEqual(stock.getConfig());
  });
});
