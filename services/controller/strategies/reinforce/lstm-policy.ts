// The paper's controller (Zoph & Le; ENAS/Katib's form): one LSTM cell shared
// across steps emits the decisions in order. Input at step t is the learned
// embedding of decision t−1's choice (a learned start token at t = 0); a linear
// head per decision maps the hidden state to that decision's choices; logits are
// divided by the temperature, then squashed to c·tanh(·) (ENAS order) before the
// softmax. Only matMul, add, mul, tanh, sigmoid, logSoftmax, exp, sum, oneHot,
// concat, slice and neg are used, which have gradients on both the cpu and wasm backends.
//
// Parameters live in tf.Variables in a fixed order (`parameterNames`), initialised
// uniform in [−0.1, 0.1] (ENAS) from the strategy's seeded Rng, biases at 0, so a
// seed fixes the policy on every backend.

import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../../../common/random/rng.js';

export interface PolicyConfig {
  cardinalities: readonly number[];
  hidden: number;
  temperature: number;
  tanhConstant: number;
}

export interface ParameterShape {
  name: string;
  shape: [number, number];
  /** Initialised at 0 rather than uniform. */
  bias: boolean;
}

const INIT_RANGE = 0.1;

/** Column of each decision's first choice in the concatenated heads / embedding table. */
export function choiceOffsets(cardinalities: readonly number[]): number[] {
  const offsets: number[] = [];
  let total = 0;
  for (const n of cardinalities) {
    offsets.push(total);
    total += n;
  }
  return offsets;
}

/**
 * All decisions' heads share one [hidden, Σ choices] matrix (each step slices its
 * columns) and all embeddings one [Σ choices, hidden] table: six tensors instead of
 * ~110 keeps the per-variable optimizer ops few, which is most of an update's cost.
 */
export function parameterShapes(config: PolicyConfig): ParameterShape[] {
  const h = config.hidden;
  const choices = config.cardinalities.reduce((a, b) => a + b, 0);
  const embedded = choices - config.cardinalities[config.cardinalities.length - 1];
  return [
    { name: 'start', shape: [1, h], bias: false },
    { name: 'lstm.kernel', shape: [2 * h, 4 * h], bias: false },
    { name: 'lstm.bias', shape: [1, 4 * h], bias: true },
    { name: 'head.kernel', shape: [h, choices], bias: false },
    { name: 'head.bias', shape: [1, choices], bias: true },
    // The last decision's choice is never fed back, so it has no embedding rows.
    { name: 'embedding', shape: [Math.max(embedded, 1), h], bias: false },
  ];
}

/** Fresh parameter values for `config`, drawn from `rng` in parameterShapes order. */
export function initialParameters(config: PolicyConfig, rng: Rng): Float32Array[] {
  return parameterShapes(config).map(({ shape, bias }) => {
    const values = new Float32Array(shape[0] * shape[1]);
    if (!bias) for (let i = 0; i < values.length; i++) values[i] = rng.uniform(-INIT_RANGE, INIT_RANGE);
    return values;
  });
}

// A type alias (not an interface) so tf.tidy accepts it as a TensorContainer.
type StepOutput = {
  h: tf.Tensor2D;
  c: tf.Tensor2D;
  /** Log-probabilities of this decision's choices, [batch, choices]. */
  logProbs: tf.Tensor2D;
};

export class LstmPolicy {
  readonly variables: tf.Variable[];
  private readonly byName: Map<string, tf.Variable>;
  private readonly offsets: number[];

  constructor(
    readonly config: PolicyConfig,
    values: readonly Float32Array[],
  ) {
    const shapes = parameterShapes(config);
    if (values.length !== shapes.length) throw new RangeError(`policy needs ${shapes.length} parameter arrays, got ${values.length}`);
    this.variables = shapes.map(({ name, shape }, i) => {
      if (values[i].length !== shape[0] * shape[1]) throw new RangeError(`parameter ${name} needs ${shape[0] * shape[1]} values, got ${values[i].length}`);
      return tf.variable(tf.tensor2d(values[i], shape, 'float32'), true, undefined, 'float32');
    });
    this.byName = new Map(shapes.map(({ name }, i) => [name, this.variables[i]]));
    this.offsets = choiceOffsets(config.cardinalities);
  }

  private v(name: string): tf.Tensor2D {
    const variable = this.byName.get(name);
    if (!variable) throw new Error(`no policy parameter ${name}`);
    return variable as tf.Tensor2D;
  }

  private step(t: number, x: tf.Tensor2D, h: tf.Tensor2D, c: tf.Tensor2D): StepOutput {
    const size = this.config.hidden;
    const gates = tf.add(tf.matMul(tf.concat([x, h], 1), this.v('lstm.kernel')), this.v('lstm.bias')) as tf.Tensor2D;
    const gate = (k: number) => tf.slice(gates, [0, k * size], [-1, size]);
    const input = tf.sigmoid(gate(0));
    const forget = tf.sigmoid(gate(1));
    const candidate = tf.tanh(gate(2));
    const output = tf.sigmoid(gate(3));
    const cNext = tf.add(tf.mul(forget, c), tf.mul(input, candidate)) as tf.Tensor2D;
    const hNext = tf.mul(output, tf.tanh(cNext)) as tf.Tensor2D;
    const n = this.config.cardinalities[t];
    const kernel = tf.slice(this.v('head.kernel'), [0, this.offsets[t]], [-1, n]);
    const bias = tf.slice(this.v('head.bias'), [0, this.offsets[t]], [-1, n]);
    const logits = tf.add(tf.matMul(hNext, kernel), bias);
    const squashed = tf.mul(tf.tanh(tf.mul(logits, 1 / this.config.temperature)), this.config.tanhConstant);
    return { h: hNext, c: cNext, logProbs: tf.logSoftmax(squashed) as tf.Tensor2D };
  }

  private startInput(batch: number): tf.Tensor2D {
    // ones × start rather than tile: matMul has a gradient on every backend.
    return tf.matMul(tf.ones([batch, 1]), this.v('start'));
  }

  private embed(t: number, choices: readonly number[]): tf.Tensor2D {
    const table = this.v('embedding');
    const rows = tf.tensor1d(choices.map((c) => this.offsets[t] + c), 'int32');
    return tf.matMul(tf.oneHot(rows, table.shape[0]).toFloat() as tf.Tensor2D, table);
  }

  /**
   * Samples `batch` architectures decision by decision; `draw(probabilities)` picks
   * a choice index (the strategy's seeded Rng). Returns decisions and the
   * log-probability of each sampled choice.
   */
  sample(batch: number, draw: (probabilities: Float32Array) => number): { decisions: number[][]; logProbs: number[][] } {
    const decisions: number[][] = Array.from({ length: batch }, () => []);
    const logProbs: number[][] = Array.from({ length: batch }, () => []);
    const last = this.config.cardinalities.length - 1;
    let x = tf.tidy(() => this.startInput(batch));
    let h = tf.zeros([batch, this.config.hidden]) as tf.Tensor2D;
    let c = tf.zeros([batch, this.config.hidden]) as tf.Tensor2D;
    for (let t = 0; t <= last; t++) {
      const out = tf.tidy(() => this.step(t, x, h, c));
      tf.dispose([x, h, c]);
      h = out.h;
      c = out.c;
      const n = this.config.cardinalities[t];
      const lp = out.logProbs.dataSync() as Float32Array;
      out.logProbs.dispose();
      const chosen: number[] = [];
      for (let b = 0; b < batch; b++) {
        const row = lp.subarray(b * n, (b + 1) * n);
        const choice = draw(row.map((v) => Math.exp(v)));
        chosen.push(choice);
        decisions[b].push(choice);
        logProbs[b].push(row[choice]);
      }
      if (t < last) x = tf.tidy(() => this.embed(t, chosen));
    }
    tf.dispose([h, c]);
    return { decisions, logProbs };
  }

  /**
   * Teacher-forced pass over given architectures (call inside tf.tidy / a gradient
   * function): per architecture the summed log-probability of its decisions and the
   * summed entropy of each step's distribution, both [batch].
   */
  score(decisions: readonly (readonly number[])[]): { logProb: tf.Tensor1D; entropy: tf.Tensor1D; perDecision: tf.Tensor2D } {
    const batch = decisions.length;
    let x = this.startInput(batch);
    let h = tf.zeros([batch, this.config.hidden]) as tf.Tensor2D;
    let c = h;
    const chosenLogProbs: tf.Tensor[] = [];
    const entropies: tf.Tensor[] = [];
    for (let t = 0; t < this.config.cardinalities.length; t++) {
      const out = this.step(t, x, h, c);
      const column = decisions.map((d) => d[t]);
      const mask = tf.oneHot(tf.tensor1d(column, 'int32'), this.config.cardinalities[t]).toFloat();
      chosenLogProbs.push(tf.sum(tf.mul(out.logProbs, mask), 1, true));
      entropies.push(tf.neg(tf.sum(tf.mul(tf.exp(out.logProbs), out.logProbs), 1, true)));
      h = out.h;
      c = out.c;
      if (t < this.config.cardinalities.length - 1) x = this.embed(t, column);
    }
    const perDecision = tf.concat(chosenLogProbs, 1) as tf.Tensor2D;
    return {
      logProb: tf.sum(perDecision, 1) as tf.Tensor1D,
      entropy: tf.sum(tf.concat(entropies, 1), 1) as tf.Tensor1D,
      perDecision,
    };
  }

  /** Parameter values in parameterShapes order (exact float32 values). */
  values(): Float32Array[] {
    return this.variables.map((v) => v.dataSync() as Float32Array).map((a) => Float32Array.from(a));
  }

  dispose(): void {
    tf.dispose(this.variables);
  }
}
