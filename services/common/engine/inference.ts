import * as tf from '@tensorflow/tfjs';

/** A compiled batch-1-friendly forward pass; call `dispose()` to free its folded weights. */
export interface InferenceFn {
  (x: tf.Tensor4D): tf.Tensor;
  dispose(): void;
}

type Layer = tf.layers.Layer;
type Activation = 'linear' | 'relu' | 'relu6' | 'prelu' | 'sigmoid';
type Step = (inputs: tf.Tensor[]) => tf.Tensor;

interface PlannedStep {
  output: string;
  inputs: string[];
  run: Step;
}

const FUSABLE: ReadonlySet<string> = new Set(['linear', 'relu', 'relu6', 'sigmoid']);

function inboundNames(layer: Layer): string[] {
  const node = (layer as unknown as { inboundNodes: { inboundLayers: Layer[] }[] }).inboundNodes[0];
  return node === undefined ? [] : node.inboundLayers.map((l) => l.name);
}

function config(layer: Layer): Record<string, unknown> {
  return layer.getConfig() as Record<string, unknown>;
}

function activationOf(layer: Layer): string {
  return (config(layer).activation as string | undefined) ?? 'linear';
}

/** Per-channel scale γ/√(σ²+ε) and shift β − μ·scale of an inference-mode BatchNorm layer. */
function batchNormAffine(bn: Layer): { scale: tf.Tensor1D; shift: tf.Tensor1D } {
  const c = config(bn);
  const weights = bn.getWeights();
  let i = 0;
  const gamma = c.scale !== false ? weights[i++] : undefined;
  const beta = c.center !== false ? weights[i++] : undefined;
  const mean = weights[i++];
  const variance = weights[i++];
  return tf.tidy(() => {
    let scale: tf.Tensor = tf.rsqrt(tf.add(variance, tf.scalar(c.epsilon as number)));
    if (gamma !== undefined) scale = tf.mul(scale, gamma);
    let shift: tf.Tensor = tf.neg(tf.mul(mean, scale));
    if (beta !== undefined) shift = tf.add(shift, beta);
    return { scale: scale as tf.Tensor1D, shift: shift as tf.Tensor1D };
  });
}

/**
 * Builds a forward pass that runs the ops directly with BatchNorm folded into
 * the preceding conv and the following ReLU/ReLU6/sigmoid/PReLU fused into it,
 * skipping tf.layers' per-call overhead (which dominates at batch 1). Layers
 * it does not know run through their own `apply`, so any model works.
 */
export function buildInferenceFn(model: tf.LayersModel): InferenceFn {
  const layers = model.layers;
  const consumers = new Map<string, number>();
  for (const layer of layers) for (const name of inboundNames(layer)) consumers.set(name, (consumers.get(name) ?? 0) + 1);
  const soleConsumer = (name: string): Layer | undefined => {
    if (consumers.get(name) !== 1 || model.outputNames.includes(name)) return undefined;
    return layers.find((l) => inboundNames(l).includes(name));
  };
  // The folded weights belong to the returned function (freed by its dispose()), not to
  // whatever scope it was built in.
  const owned: tf.Tensor[] = [];
  const keep = <T extends tf.Tensor>(t: T): T => {
    owned.push(tf.keep(t));
    return t;
  };
  const absorbed = new Set<string>();
  const steps: PlannedStep[] = [];

  for (const layer of layers) {
    if (absorbed.has(layer.name)) continue;
    const cls = layer.getClassName();
    const inputs = inboundNames(layer);
    if (cls === 'InputLayer') continue;
    if ((cls === 'Conv2D' || cls === 'DepthwiseConv2D') && activationOf(layer) === 'linear') {
      const c = config(layer);
      const [kernel, bias] = layer.getWeights();
      const depthwise = cls === 'DepthwiseConv2D';
      let filter: tf.Tensor4D = kernel as tf.Tensor4D;
      let b: tf.Tensor1D | undefined = bias as tf.Tensor1D | undefined;
      let last = layer;
      const bn = soleConsumer(layer.name);
      if (bn !== undefined && bn.getClassName() === 'BatchNormalization') {
        const { scale, shift } = batchNormAffine(bn);
        filter = tf.mul(kernel, depthwise ? tf.reshape(scale, [1, 1, -1, 1]) : scale) as tf.Tensor4D;
        b = (bias === undefined ? shift : tf.add(tf.mul(bias, scale), shift)) as tf.Tensor1D;
        absorbed.add(bn.name);
        last = bn;
      }
      let activation: Activation = 'linear';
      let alpha: tf.Tensor | undefined;
      const act = soleConsumer(last.name);
      if (act !== undefined) {
        const actClass = act.getClassName();
        if (actClass === 'ReLU' && config(act).maxValue == null) activation = 'relu';
        else if (actClass === 'Activation' && FUSABLE.has(activationOf(act))) activation = activationOf(act) as Activation;
        else if (actClass === 'PReLU') {
          // Applied as its own op: the wasm fused conv's PReLU is a scalar loop, XNNPACK's PReLU is SIMD.
          activation = 'prelu';
          alpha = keep(act.getWeights()[0]);
        }
        if (activation !== 'linear') {
          absorbed.add(act.name);
          last = act;
        }
      }
      const f = keep(filter);
      const fb = b === undefined ? undefined : keep(b);
      const strides = c.strides as [number, number];
      const padding = c.padding as 'same' | 'valid';
      const conv = depthwise ? tf.fused.depthwiseConv2d : tf.fused.conv2d;
      steps.push({
        output: last.name,
        inputs,
        run: ([x]) => {
          const y = conv({ x: x as tf.Tensor4D, filter: f, strides, pad: padding, bias: fb, activation: alpha === undefined ? activation : 'linear' });
          return alpha === undefined ? y : tf.prelu(y, alpha);
        },
      });
      continue;
    }
    if (cls === 'Dense' && (activationOf(layer) === 'linear' || FUSABLE.has(activationOf(layer)))) {
      const [kernel, bias] = layer.getWeights().map((w) => keep(w));
      const activation = activationOf(layer) as Activation;
      steps.push({ output: layer.name, inputs, run: ([x]) => tf.fused.matMul({ a: x as tf.Tensor2D, b: kernel as tf.Tensor2D, bias, activation }) });
      continue;
    }
    if (cls === 'BatchNormalization') {
      const { scale, shift } = batchNormAffine(layer);
      keep(scale);
      keep(shift);
      steps.push({ output: layer.name, inputs, run: ([x]) => tf.add(tf.mul(x, scale), shift) });
      continue;
    }
    if (cls === 'Add') {
      steps.push({ output: layer.name, inputs, run: (xs) => (xs.length === 2 ? tf.add(xs[0], xs[1]) : tf.addN(xs)) });
      continue;
    }
    if (cls === 'GlobalAveragePooling2D') {
      steps.push({ output: layer.name, inputs, run: ([x]) => tf.mean(x, [1, 2]) });
      continue;
    }
    if (cls === 'Flatten') {
      steps.push({ output: layer.name, inputs, run: ([x]) => tf.reshape(x, [x.shape[0], -1]) });
      continue;
    }
    steps.push({ output: layer.name, inputs, run: (xs) => layer.apply(xs.length === 1 ? xs[0] : xs) as tf.Tensor });
  }
  const inputName = model.inputLayers[0].name;
  const outputName = model.outputLayers[0].name;

  const fn = ((x: tf.Tensor4D) =>
    tf.tidy(() => {
      const values = new Map<string, tf.Tensor>([[inputName, x]]);
      for (const step of steps) values.set(step.output, step.run(step.inputs.map((n) => values.get(n) as tf.Tensor)));
      return values.get(outputName) as tf.Tensor;
    })) as InferenceFn;
  fn.dispose = () => tf.dispose(owned);
  return fn;
}
