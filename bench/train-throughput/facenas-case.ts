/**
 * Times one benchmark case in facenas (tfjs wasm) and prints one JSON line.
 * usage: facenas-case.ts train|infer NET IMAGE_SIZE THREADS STEPS WARMUP [BATCH] [MICRO_BATCH]
 * Runs in its own process so each case starts with a fresh wasm heap, whose
 * size afterwards is the case's heap high-water mark.
 */
import * as tf from '@tensorflow/tfjs';
import { initEngine } from '../../services/common/engine/engine.js';
import { buildInferenceFn } from '../../services/common/engine/inference.js';
import { createTrainer } from '../../services/common/engine/trainer.js';
import { wasmHeapBytes } from '../../services/common/engine/kernels/wasm-heap.js';
import { denseHead, mobileFaceNet, smallNet } from './nets.js';

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const [mode, net, sizeArg, threadsArg, stepsArg, warmupArg, batchArg, microArg] = process.argv.slice(2);
const size = Number(sizeArg);
const steps = Number(stepsArg);
const warmup = Number(warmupArg);
const batch = Number(batchArg ?? 32);
const engine = await initEngine({ backend: 'wasm', threads: Number(threadsArg) });
const model = net === 'small' ? smallNet(size) : mobileFaceNet(size);
const x = tf.randomNormal([batch, size, size, 3], 0, 1, 'float32', 1) as tf.Tensor4D;
let peakRss = 0;
const times: number[] = [];
if (mode === 'train') {
  const head = denseHead(128, 100, 7);
  const microBatch = microArg !== undefined ? Number(microArg) : undefined;
  const trainer = createTrainer({ model, head: head.fn, headVariables: head.variables, learningRate: 0.05, microBatch });
  const labels = Int32Array.from({ length: batch }, (_, i) => i % 100);
  let loss = NaN;
  for (let i = 0; i < warmup + steps; i++) {
    const t0 = performance.now();
    loss = trainer.step(x, labels).loss;
    if (i >= warmup) times.push(performance.now() - t0);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  const stepMs = median(times);
  console.log(JSON.stringify({
    img_s: (batch * 1000) / stepMs, step_ms: stepMs, loss, threads: engine.threads, micro_batch: microBatch ?? batch,
    wasm_heap_mib: wasmHeapBytes() / 2 ** 20, peak_rss_mib: peakRss / 2 ** 20,
  }));
} else {
  const infer = buildInferenceFn(model);
  for (let i = 0; i < warmup + steps; i++) {
    const t0 = performance.now();
    tf.tidy(() => infer(x).dataSync());
    if (i >= warmup) times.push(performance.now() - t0);
  }
  const layersTimes: number[] = [];
  for (let i = 0; i < warmup + steps; i++) {
    const t0 = performance.now();
    tf.tidy(() => (model.predict(x) as tf.Tensor).dataSync());
    if (i >= warmup) layersTimes.push(performance.now() - t0);
  }
  console.log(JSON.stringify({ latency_ms: median(times), layers_predict_ms: median(layersTimes), threads: engine.threads }));
}
process.exit(0);
