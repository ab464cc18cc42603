import * as tf from '@tensorflow/tfjs';
import { buildInferenceFn } from '../../common/engine/inference.js';
import type { MeasurementResult } from '../../common/generated/facenas/v1/MeasurementResult.js';
import type { MeasurementTask__Output } from '../../common/generated/facenas/v1/MeasurementTask.js';
import { buildEmbeddingModel } from '../../common/model/embedding-model.js';
import { buildLayerModel } from '../../common/model/layer-model.js';
import { fromArchitectureMessage, layerKey, parseLayerKey } from '../../common/search-space/index.js';
import { quantile, summarize } from '../statistics.js';
import type { AgentEngine } from './agent-engine.js';
import type { MeasurementRunner } from './measurement-runner.js';
import { clockByName, timeRuns, type ClockName, type TimingProtocol } from './timing.js';

export const DEFAULT_PROTOCOL: TimingProtocol = { warmupRuns: 10, runs: 50 };

/** Something to time: `run` computes one batch-1 inference; `dispose` frees it all. */
export interface Timeable {
  run(): tf.Tensor;
  dispose(): void;
}

/**
 * Times what a deployment runs: the engine's inference path (`buildInferenceFn`: BatchNorm
 * folded, activations fused, no tf.layers per-call overhead) at batch 1, whole
 * architectures (MODEL) and layer units alone (LAYERS).
 */
export class TfjsRunner implements MeasurementRunner {
  readonly backend: string;
  readonly threads: number;
  private readonly clock: () => number;

  constructor(engine: AgentEngine, clock: ClockName = 'wall') {
    this.backend = engine.backend;
    this.threads = engine.threads;
    this.clock = clockByName(clock);
  }

  async run(task: MeasurementTask__Output): Promise<Omit<MeasurementResult, 'taskId'>> {
    const protocol = {
      warmupRuns: task.warmupRuns > 0 ? task.warmupRuns : DEFAULT_PROTOCOL.warmupRuns,
      runs: task.runs > 0 ? task.runs : DEFAULT_PROTOCOL.runs,
    };
    if (task.kind === 'TASK_KIND_MODEL') {
      const spec = fromArchitectureMessage(task.architecture, 'architecture');
      const times = await timeIt(() => modelTimeable(buildEmbeddingModel(spec, { imageSize: task.imageSize })), protocol, this.clock);
      return { latency: { ...summarize(times), imageSize: task.imageSize, source: 'LATENCY_SOURCE_MEASURED', measuredAtMs: Date.now() } };
    }
    if (task.kind === 'TASK_KIND_LAYERS') {
      // Units are timed without reading their output back: the wasm backend runs each kernel
      // synchronously, so the unit is computed when run() returns, and a whole network reads
      // back only its embedding. That read-back and the call's bookkeeping are the overhead,
      // added once per inference. (Subtracting a separately measured overhead from every unit
      // instead multiplied that measurement's noise by the number of units.)
      const median = async (make: () => Timeable) => quantile(await timeIt(make, protocol, this.clock, false), 0.5);
      const overheadMs = quantile(await timeIt(overheadTimeable, protocol, this.clock, true), 0.5);
      const layers = [];
      for (const key of task.layerKeys) {
        const unit = parseLayerKey(key);
        let ms: number;
        if (unit.kind === 'pointwise' && unit.residual) {
          // The inference path takes one input: time the unit without its skip, plus the
          // residual add alone.
          const withoutSkip = await median(() => modelTimeable(buildLayerModel(layerKey({ ...unit, residual: false }))));
          const add = await median(() => addTimeable([1, unit.inputSize, unit.inputSize, unit.out]));
          ms = withoutSkip + add;
        } else {
          ms = await median(() => modelTimeable(buildLayerModel(key)));
        }
        layers.push({ key, medianMs: ms });
      }
      return { layers, overheadMs };
    }
    throw new Error(`unknown task kind ${task.kind}`);
  }
}

/** Builds, times with `protocol` (reading each output back unless told not to), frees. */
export async function timeIt(make: () => Timeable, protocol: TimingProtocol, clock?: () => number, readBack = true): Promise<number[]> {
  // A scope around the (synchronous) build frees any intermediate a builder leaves behind
  // (buildInferenceFn's BatchNorm folding leaves a few); what a timeable holds is tf.keep'd.
  // No scope may stay open across the runs' awaits: in embedded mode the controller's own
  // tensors (the reinforce policy and its optimiser) are made in between and would be
  // disposed with it.
  tf.engine().startScope();
  let timeable: Timeable;
  try {
    timeable = make();
  } finally {
    tf.engine().endScope();
  }
  try {
    return await timeRuns(
      () => {
        const out = timeable.run();
        if (readBack) out.dataSync();
        out.dispose();
      },
      protocol,
      clock,
    );
  } finally {
    timeable.dispose();
  }
}

/** A single-input model through the engine's inference path, on a random input. */
export function modelTimeable(model: tf.LayersModel): Timeable {
  if (model.inputs.length !== 1) {
    model.dispose();
    throw new Error(`the inference path takes one input, this model has ${model.inputs.length}`);
  }
  const infer = buildInferenceFn(model);
  const [, h, w, c] = model.inputs[0].shape;
  const x = tf.keep(tf.randomNormal([1, h ?? 1, w ?? 1, c ?? 1]) as tf.Tensor4D);
  return {
    run: () => infer(x),
    dispose: () => {
      // The model first: the inference function's folded weights include some of the
      // model's own tensors (PReLU alphas), which a LayerVariable refuses to free twice.
      model.dispose();
      infer.dispose();
      x.dispose();
    },
  };
}

/** What an inference costs beyond its layers: the call's bookkeeping and reading back an embedding. */
export function overheadTimeable(): Timeable {
  const embedding = tf.keep(tf.randomNormal([1, 128]));
  return { run: () => tf.tidy(() => tf.clone(embedding)), dispose: () => embedding.dispose() };
}

function addTimeable(shape: number[]): Timeable {
  const a = tf.keep(tf.randomNormal(shape));
  const b = tf.keep(tf.randomNormal(shape));
  return { run: () => tf.add(a, b), dispose: () => tf.dispose([a, b]) };
}
