import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../random/rng.js';
import { initEngine } from '../engine.js';
import { onBothBackends, randomValues, relativeError } from '../test-support/backend-comparison.js';
import { hardSwish } from './activation-kernels.js';
import { batchNormTraining } from './batch-norm-training.js';
import { sgdMomentumStep } from './sgd-momentum-kernel.js';

const TOLERANCE = 1e-4;
const rng = new Rng(20240611);

function tensor(shape: number[]): tf.Tensor {
  return tf.tensor(randomValues(rng, shape.reduce((p, d) => p * d, 1)), shape);
}

async function expectSameOnBothBackends(fn: () => tf.Tensor | tf.Tensor[], tolerance = TOLERANCE): Promise<void> {
  const { wasm, cpu } = await onBothBackends(fn);
  expect(wasm.length).toBe(cpu.length);
  for (let i = 0; i < cpu.length; i++) {
    // Guard against a vacuous pass on an all-zero reference.
    expect(cpu[i].some((v) => v !== 0)).toBe(true);
    expect(relativeError(wasm[i], cpu[i])).toBeLessThan(tolerance);
  }
}

beforeAll(async () => {
  await initEngine({ backend: 'wasm', threads: 2 });
});

interface ConvCase {
  size: [number, number];
  k: number;
  stride: number;
  pad: 'same' | 'valid';
  cin: number;
  cout: number;
}

const convCases: ConvCase[] = [
  { size: [7, 7], k: 1, stride: 1, pad: 'same', cin: 8, cout: 16 },
  { size: [9, 7], k: 1, stride: 2, pad: 'valid', cin: 5, cout: 4 },
  { size: [9, 9], k: 3, stride: 1, pad: 'same', cin: 3, cout: 8 },
  { size: [9, 11], k: 3, stride: 2, pad: 'same', cin: 3, cout: 16 },
  { size: [8, 8], k: 3, stride: 2, pad: 'same', cin: 4, cout: 6 },
  { size: [11, 9], k: 3, stride: 2, pad: 'valid', cin: 6, cout: 5 },
  { size: [7, 9], k: 3, stride: 1, pad: 'valid', cin: 16, cout: 8 },
  // SIMD Aᵀ·B tiles: 8- and 4-column tiles, 4-row and single-row tiles, several row blocks
  { size: [16, 16], k: 3, stride: 2, pad: 'same', cin: 3, cout: 12 }, // the stem's shape
  { size: [9, 9], k: 1, stride: 1, pad: 'same', cin: 22, cout: 20 },
];

describe('Conv2D gradients on wasm match the cpu backend', () => {
  for (const c of convCases) {
    const name = `${c.size.join('x')} k${c.k} s${c.stride} ${c.pad} ${c.cin}->${c.cout}`;
    it(`filter and input gradient, ${name}`, async () => {
      const xShape: [number, number, number, number] = [2, c.size[0], c.size[1], c.cin];
      const x = tensor(xShape) as tf.Tensor4D;
      const w = tensor([c.k, c.k, c.cin, c.cout]) as tf.Tensor4D;
      const outShape = tf.conv2d(x, w, c.stride, c.pad).shape;
      const dy = tensor(outShape) as tf.Tensor4D;
      await expectSameOnBothBackends(() => [
        tf.conv2dTranspose(dy, w, xShape, c.stride, c.pad), // runs Conv2DBackpropInput
        tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, {
          strides: [c.stride, c.stride],
          pad: c.pad,
          dataFormat: 'NHWC',
          filterShape: [c.k, c.k, c.cin, c.cout],
        }) as tf.Tensor,
      ]);
    });
  }
});

const depthwiseCases: Omit<ConvCase, 'cout'>[] = [
  { size: [7, 7], k: 3, stride: 1, pad: 'same', cin: 8 },
  { size: [9, 9], k: 3, stride: 2, pad: 'same', cin: 4 },
  { size: [8, 8], k: 3, stride: 2, pad: 'same', cin: 16 },
  { size: [11, 9], k: 5, stride: 1, pad: 'same', cin: 8 },
  { size: [11, 11], k: 5, stride: 2, pad: 'valid', cin: 12 },
  { size: [13, 13], k: 7, stride: 2, pad: 'same', cin: 8 },
  { size: [9, 9], k: 7, stride: 1, pad: 'valid', cin: 4 },
  { size: [7, 7], k: 7, stride: 1, pad: 'valid', cin: 32 }, // GDC: kernel = feature map
  { size: [9, 9], k: 3, stride: 2, pad: 'same', cin: 6 }, // channels % 4 != 0: op-composed path
  // SIMD channel blocks: 16-channel blocks plus a 4-channel tail; even sizes with stride 2
  { size: [8, 10], k: 7, stride: 2, pad: 'same', cin: 20 },
  { size: [10, 8], k: 5, stride: 2, pad: 'same', cin: 36 },
  { size: [6, 6], k: 7, stride: 1, pad: 'same', cin: 48 }, // filter wider than the image
];

describe('DepthwiseConv2dNative and its gradients on wasm match the cpu backend', () => {
  for (const c of depthwiseCases) {
    const name = `${c.size.join('x')} k${c.k} s${c.stride} ${c.pad} c${c.cin}`;
    it(`forward, filter and input gradient, ${name}`, async () => {
      const xShape: [number, number, number, number] = [2, c.size[0], c.size[1], c.cin];
      const x = tensor(xShape) as tf.Tensor4D;
      const w = tensor([c.k, c.k, c.cin, 1]) as tf.Tensor4D;
      const dy = tensor(tf.depthwiseConv2d(x, w, c.stride, c.pad).shape) as tf.Tensor4D;
      const attrs = { strides: [c.stride, c.stride], pad: c.pad, dilations: [1, 1] };
      await expectSameOnBothBackends(() => [
        tf.depthwiseConv2d(x, w, c.stride, c.pad),
        tf.engine().runKernel('DepthwiseConv2dNativeBackpropInput', { dy, filter: w }, { ...attrs, inputShape: xShape }) as tf.Tensor,
        tf.engine().runKernel('DepthwiseConv2dNativeBackpropFilter', { x, dy }, { ...attrs, filterShape: w.shape }) as tf.Tensor,
      ]);
    });
  }
});

describe('replaced wasm paths match the cpu backend', () => {
  it('Sum and Mean over consecutive, inner and scattered axes', async () => {
    const x = tensor([3, 5, 7, 6]);
    await expectSameOnBothBackends(() => [
      tf.sum(x, [0, 1, 2]),
      tf.mean(x, [1, 2], true),
      tf.sum(x, [0, 1]),
      tf.mean(x, 3),
      tf.sum(x, [0, 2]),
      tf.mean(x, [1, 2, 3]),
    ]);
  });

  it('Identity shares data and the clone survives disposing the source', async () => {
    const x = tf.tensor([1, 2, 3]);
    const y = tf.clone(x);
    x.dispose();
    expect(Array.from(y.dataSync())).toEqual([1, 2, 3]);
    y.dispose();
  });

  // 8 channels take the SIMD pass, 6 the op-composed one.
  it.each([8, 6])('batch norm forward and its gradient (through moments) match an elementary-op reference, %i channels', async (channels) => {
    const x = tensor([4, 5, 3, channels]);
    const gamma = tensor([channels]);
    const beta = tensor([channels]);
    const dy = tensor([4, 5, 3, channels]);
    const eps = 1e-3;
    const fused = (a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => {
      const { mean, variance } = tf.moments(a, [0, 1, 2]);
      return tf.batchNorm(a, mean, variance, b, g, eps);
    };
    const elementary = (a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => {
      const mean = tf.div(tf.sum(a, [0, 1, 2]), tf.scalar(60));
      const centred = tf.sub(a, mean);
      const variance = tf.div(tf.sum(tf.mul(centred, centred), [0, 1, 2]), tf.scalar(60));
      return tf.add(tf.mul(tf.mul(centred, tf.rsqrt(tf.add(variance, tf.scalar(eps)))), g), b);
    };
    const run = (f: typeof fused) => () => {
      const [dx, dg, db] = tf.grads((a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => f(a, g, b))([x, gamma, beta], dy);
      return [f(x, gamma, beta), dx, dg, db];
    };
    await tf.setBackend('cpu');
    const reference = tf.tidy(run(elementary)).map((t) => t.dataSync() as Float32Array);
    await tf.setBackend('wasm');
    const actual = tf.tidy(run(fused)).map((t) => t.dataSync() as Float32Array);
    for (let i = 0; i < reference.length; i++) expect(relativeError(actual[i], reference[i])).toBeLessThan(TOLERANCE);
  });

  // 8 and 20 channels take the SIMD passes (60 rows: two row blocks), 6 the op-composed one; rank 2 is the embedding BN.
  it.each([[[4, 5, 3, 8]], [[4, 5, 3, 20]], [[4, 5, 3, 6]], [[40, 12]]])(
    'training BatchNorm op and its gradient (through y, mean and variance) match an elementary-op reference, %j',
    async (shape) => {
      const channels = shape[shape.length - 1];
      const x = tf.add(tf.mul(tensor(shape), tf.scalar(3)), tf.scalar(0.5));
      const gamma = tensor([channels]);
      const beta = tensor([channels]);
      const [dy, dm, dv] = [tensor(shape), tensor([channels]), tensor([channels])];
      const eps = 1e-5;
      const axes = shape.slice(0, -1).map((_, i) => i);
      const rows = x.size / channels;
      const elementary = (a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => {
        const mean = tf.div(tf.sum(a, axes), tf.scalar(rows));
        const centred = tf.sub(a, mean);
        const variance = tf.div(tf.sum(tf.mul(centred, centred), axes), tf.scalar(rows));
        return { y: tf.add(tf.mul(tf.mul(centred, tf.rsqrt(tf.add(variance, tf.scalar(eps)))), g), b), mean, variance };
      };
      const fused = (a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => batchNormTraining(a, g as tf.Tensor1D, b as tf.Tensor1D, eps);
      const run = (f: typeof elementary) => () => {
        // A loss that reads all three outputs, so every gradient term is exercised.
        const loss = (a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => {
          const { y, mean, variance } = f(a, g, b);
          return tf.addN([tf.sum(tf.mul(y, dy)), tf.sum(tf.mul(mean, dm)), tf.sum(tf.mul(variance, dv))]);
        };
        const { y, mean, variance } = f(x, gamma, beta);
        return [y, mean, variance, ...tf.grads(loss)([x, gamma, beta])];
      };
      await tf.setBackend('cpu');
      const reference = tf.tidy(run(elementary)).map((t) => t.dataSync() as Float32Array);
      await tf.setBackend('wasm');
      const actual = tf.tidy(run(fused)).map((t) => t.dataSync() as Float32Array);
      for (let i = 0; i < reference.length; i++) expect(relativeError(actual[i], reference[i]), `output ${i}`).toBeLessThan(TOLERANCE);
    },
  );

  // 400 values take the SIMD pass, 105 the op-composed one; values span both kinks of h-swish (±3).
  it.each([[[2, 5, 5, 8]], [[3, 5, 7]]])('h-swish op and the ReLU gradient match the tfjs compositions, %j', async (shape) => {
    const x = tf.mul(tensor(shape), tf.scalar(5));
    const dy = tensor(shape);
    const composed = (a: tf.Tensor) => tf.mul(a, tf.mul(tf.relu6(tf.add(a, 3)), 1 / 6));
    const run = (swish: (a: tf.Tensor) => tf.Tensor) => () => [swish(x), ...tf.grads((a: tf.Tensor) => swish(a))([x], dy), ...tf.grads((a: tf.Tensor) => tf.relu(a))([x], dy)];
    await tf.setBackend('cpu');
    const reference = tf.tidy(run(composed)).map((t) => t.dataSync() as Float32Array);
    await tf.setBackend('wasm');
    const actual = tf.tidy(run(hardSwish)).map((t) => t.dataSync() as Float32Array);
    for (let i = 0; i < reference.length; i++) expect(relativeError(actual[i], reference[i]), `output ${i}`).toBeLessThan(TOLERANCE);
  });

  it('matMul with transposeA / transposeB (dense-layer gradients), plain and batched', async () => {
    const [a, b, c] = [tensor([7, 5]), tensor([7, 6]), tensor([5, 6])];
    const [a3, b3, c3] = [tensor([3, 7, 5]), tensor([3, 7, 6]), tensor([3, 5, 6])];
    await expectSameOnBothBackends(() => [
      tf.matMul(a, b, true, false),
      tf.matMul(b, c, false, true),
      tf.matMul(c, a, true, true),
      tf.matMul(a3, b3, true, false),
      tf.matMul(b3, c3, false, true),
    ]);
  });

  it.each([0, 5e-4])('one-kernel SGD momentum step matches the cpu backend, weight decay %s', async (weightDecay) => {
    const [w, v, g] = [tensor([37, 5]), tensor([37, 5]), tensor([37, 5])];
    await expectSameOnBothBackends(() => sgdMomentumStep(w, v, g, { learningRate: 0.05, momentum: 0.9, weightDecay }), 1e-6);
  });

  it.each([4, 6])('PReLU gradient (shared spatial axes) matches an elementary-op reference, %i channels', async (channels) => {
    const x = tensor([2, 5, 5, channels]);
    const alpha = tf.mul(tensor([1, 1, channels]), tf.scalar(0.3));
    const dy = tensor([2, 5, 5, channels]);
    const elementary = (a: tf.Tensor, al: tf.Tensor) => tf.add(tf.relu(a), tf.mul(al, tf.sub(a, tf.relu(a))));
    const run = (f: (a: tf.Tensor, al: tf.Tensor) => tf.Tensor) => () =>
      tf.grads((a: tf.Tensor, al: tf.Tensor) => f(a, al))([x, alpha], dy);
    await tf.setBackend('cpu');
    const reference = tf.tidy(run(elementary)).map((t) => t.dataSync() as Float32Array);
    await tf.setBackend('wasm');
    const actual = tf.tidy(run((a, al) => tf.prelu(a, al))).map((t) => t.dataSync() as Float32Array);
    for (let i = 0; i < reference.length; i++) expect(relativeError(actual[i], reference[i])).toBeLessThan(TOLERANCE);
  });
});
