// bench/trainer/overhead.ts's bare engine loop, on a worker thread like a trainer's:
// the model and head of the benchmark case, a fixed random batch, `steps` timed steps.
import * as tf from '@tensorflow/tfjs';
import { parentPort, workerData } from 'node:worker_threads';
import { initEngine } from '../../services/common/engine/engine.js';
import { createTrainer } from '../../services/common/engine/trainer.js';
import { buildClassifierHead, buildEmbeddingModel } from '../../services/common/model/index.js';
import { decode } from '../../services/common/search-space/index.js';

const { decisions, size, batch, steps, warmup } = workerData as { decisions: number[]; size: number; batch: number; steps: number; warmup: number };
await initEngine({ backend: 'wasm' });
const spec = decode(decisions);
const model = buildEmbeddingModel(spec, { imageSize: size, seed: 1 });
const head = buildClassifierHead(spec.head.embedding, 50, 'softmax', { seed: 2 });
const trainer = createTrainer({ model, head, learningRate: 0.05 });
const x = tf.randomNormal([batch, size, size, 3], 0, 1, 'float32', 3) as tf.Tensor4D;
const labels = Int32Array.from({ length: batch }, (_, i) => i % 50);
const times: number[] = [];
for (let i = 0; i < warmup + steps; i++) {
  const t0 = performance.now();
  trainer.step(x, labels);
  if (i >= warmup) times.push(performance.now() - t0);
}
times.sort((a, b) => a - b);
const medianMs = times.length % 2 ? times[times.length >> 1] : (times[times.length / 2 - 1] + times[times.length / 2]) / 2;
parentPort?.postMessage((batch * 1000) / medianMs);
