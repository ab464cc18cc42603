import * as tf from '@tensorflow/tfjs';

/**
 * The benchmark's networks in tf.layers, written layer for layer like nets.py
 * (PyTorch): convs without bias, each followed by BatchNorm (eps 1e-5,
 * momentum 0.9 ↔ PyTorch 0.1) and the activation.
 */

type Act = 'relu' | 'prelu' | 'linear';

function bnAct(x: tf.SymbolicTensor, act: Act): tf.SymbolicTensor {
  let y = tf.layers.batchNormalization({ epsilon: 1e-5, momentum: 0.9 }).apply(x) as tf.SymbolicTensor;
  if (act === 'relu') y = tf.layers.reLU().apply(y) as tf.SymbolicTensor;
  if (act === 'prelu') y = tf.layers.prelu({ sharedAxes: [1, 2], alphaInitializer: tf.initializers.constant({ value: 0.25 }) }).apply(y) as tf.SymbolicTensor;
  return y;
}

function conv(x: tf.SymbolicTensor, filters: number, kernel: number, stride: number, act: Act): tf.SymbolicTensor {
  const y = tf.layers.conv2d({ filters, kernelSize: kernel, strides: stride, padding: 'same', useBias: false }).apply(x) as tf.SymbolicTensor;
  return bnAct(y, act);
}

function depthwise(x: tf.SymbolicTensor, kernel: number, stride: number, act: Act, padding: 'same' | 'valid' = 'same'): tf.SymbolicTensor {
  const y = tf.layers.depthwiseConv2d({ kernelSize: kernel, strides: stride, padding, useBias: false }).apply(x) as tf.SymbolicTensor;
  return bnAct(y, act);
}

/** Stem conv3x3/2 → 32, five blocks [1x1 expand ×2, dw 3x3/s, 1x1 project], GAP, dense 128. */
export function smallNet(imageSize: number): tf.LayersModel {
  const input = tf.input({ shape: [imageSize, imageSize, 3] });
  let x = conv(input, 32, 3, 2, 'relu');
  let channels = 32;
  for (const [out, stride] of [[32, 1], [64, 2], [64, 1], [128, 2], [128, 1]] as const) {
    x = conv(x, channels * 2, 1, 1, 'relu');
    x = depthwise(x, 3, stride, 'relu');
    x = conv(x, out, 1, 1, 'relu');
    channels = out;
  }
  x = tf.layers.globalAveragePooling2d({}).apply(x) as tf.SymbolicTensor;
  const embedding = tf.layers.dense({ units: 128 }).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: embedding });
}

/** MobileFaceNet (Chen et al. 2018): bottleneck settings (t, c, n, s). */
const MOBILEFACENET_BLOCKS: readonly [number, number, number, number][] = [
  [2, 64, 5, 2],
  [4, 128, 1, 2],
  [2, 128, 6, 1],
  [4, 128, 1, 2],
  [2, 128, 2, 1],
];

export function mobileFaceNet(imageSize: number): tf.LayersModel {
  const input = tf.input({ shape: [imageSize, imageSize, 3] });
  let x = conv(input, 64, 3, 2, 'prelu');
  x = depthwise(x, 3, 1, 'prelu');
  let channels = 64;
  for (const [t, c, n, s] of MOBILEFACENET_BLOCKS) {
    for (let i = 0; i < n; i++) {
      const stride = i === 0 ? s : 1;
      let y = conv(x, channels * t, 1, 1, 'prelu');
      y = depthwise(y, 3, stride, 'prelu');
      y = conv(y, c, 1, 1, 'linear');
      x = stride === 1 && channels === c ? (tf.layers.add().apply([x, y]) as tf.SymbolicTensor) : y;
      channels = c;
    }
  }
  x = conv(x, 512, 1, 1, 'prelu');
  const map = x.shape[1] as number;
  x = depthwise(x, map, 1, 'linear', 'valid'); // GDC
  x = conv(x, 128, 1, 1, 'linear');
  const embedding = tf.layers.flatten().apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: embedding });
}

/** Softmax classifier head: a dense layer as a function plus its variables. */
export function denseHead(dim: number, classes: number, seed: number) {
  const kernel = tf.variable(tf.randomNormal([dim, classes], 0, Math.sqrt(1 / dim), 'float32', seed), true, `head_kernel_${seed}`);
  const bias = tf.variable(tf.zeros([classes]), true, `head_bias_${seed}`);
  return {
    variables: [kernel, bias],
    fn: (embedding: tf.Tensor2D) => tf.add(tf.matMul(embedding, kernel), bias) as tf.Tensor2D,
  };
}
