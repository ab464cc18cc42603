import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../random/rng.js';
import { type LayerUnit, decode, enumerateLayerConfigs, layerConfigs, outputSize } from '../search-space/index.js';
import { buildEmbeddingModel, layerNameForScope } from './embedding-model.js';
import { buildLayerModel } from './layer-model.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function outputShape(unit: LayerUnit): number[] {
  switch (unit.kind) {
    case 'conv':
      return [outputSize(unit.inputSize, unit.stride), outputSize(unit.inputSize, unit.stride), unit.out];
    case 'depthwise':
      return [outputSize(unit.inputSize, unit.stride), outputSize(unit.inputSize, unit.stride), unit.channels];
    case 'pointwise':
      return [unit.inputSize, unit.inputSize, unit.out];
    case 'head':
      return [unit.embedding];
  }
}

describe('buildLayerModel', () => {
  it('builds a sample of keys of every kind with the stated parameters and shapes', () => {
    const all = enumerateLayerConfigs(64);
    const rng = new Rng(4);
    const sample = [...['conv', 'head'].map((k) => all.find((c) => c.unit.kind === k)!), ...Array.from({ length: 30 }, () => rng.pick(all))];
    sample.push(all.find((c) => c.unit.kind === 'pointwise' && c.unit.residual)!);
    sample.push(all.find((c) => c.unit.kind === 'depthwise' && c.unit.se && c.unit.activation === 'hswish')!);
    for (const c of sample) {
      const model = buildLayerModel(c.key, { seed: 1 });
      expect(model.countParams(), c.key).toBe(c.parameters);
      const residual = c.unit.kind === 'pointwise' && c.unit.residual;
      expect(model.inputs).toHaveLength(residual ? 2 : 1);
      const y = tf.tidy(() => {
        const xs = model.inputs.map((input, i) => tf.randomNormal([1, ...(input.shape.slice(1) as number[])], 0, 1, 'float32', i));
        return model.predict(xs.length === 1 ? xs[0] : xs) as tf.Tensor;
      });
      expect(y.shape).toEqual([1, ...outputShape(c.unit)]);
      y.dispose();
      model.dispose();
    }
  });

  it('computes exactly what the same unit computes inside a full model', () => {
    // Small but varied: ir with SE + h-swish, ds with SE + ReLU, ir t=1 k7 PReLU with a
    // residual, ir t6 SE, ds h-swish; GDC head to 256.
    // prettier-ignore
    const spec = decode([
      0, 1, 2, 1, 1, 0, 2,
      1, 0, 0, 1, 1, 0, 0,
      0, 2, 0, 1, 0, 1, 1,
      0, 0, 3, 0, 1, 0, 0,
      1, 1, 0, 1, 0, 0, 2,
      0, 1,
    ]);
    const full = buildEmbeddingModel(spec, { imageSize: 64, seed: 8 });
    // Non-trivial BN statistics so that copying them matters.
    const rng = new Rng(5);
    for (const layer of full.layers.filter((l) => l.getClassName() === 'BatchNormalization')) {
      const values = layer.getWeights().map((w) => tf.tensor(Float32Array.from({ length: w.size }, () => 0.5 + rng.next()), w.shape));
      layer.setWeights(values);
      tf.dispose(values);
    }
    // Each unit's input (and, for a residual, the layer input it adds) and output, in one pass.
    const configs = layerConfigs(spec, 64);
    const probes = configs.map((c) => {
      const own = full.layers.filter((l) => l.name.startsWith(`${layerNameForScope(c.scope)}_`));
      const add = own.find((l) => l.getClassName() === 'Add');
      const inputs = [own[0].input as tf.SymbolicTensor, ...(add ? [(add.input as tf.SymbolicTensor[])[0]] : [])];
      return { inputs, output: own[own.length - 1].output as tf.SymbolicTensor };
    });
    expect(probes.filter((p) => p.inputs.length === 2)).toHaveLength(2); // blocks.0.layers.1, blocks.2.layers.1
    const image = tf.randomUniform([1, 64, 64, 3], -1, 1, 'float32', 2);
    // A tfjs model lists each output once and cannot output its own input.
    const probed = [...new Set(probes.flatMap((p) => [...p.inputs, p.output]))].filter((t) => t !== full.inputs[0]);
    const probe = tf.model({ inputs: full.inputs, outputs: probed });
    const values = probe.predict(image) as tf.Tensor[];
    const valueOf = (t: tf.SymbolicTensor): tf.Tensor => (t === full.inputs[0] ? image : values[probed.indexOf(t)]);
    configs.forEach((c, i) => {
      const inputs = probes[i].inputs.map(valueOf);
      const expected = valueOf(probes[i].output);
      const prefix = layerNameForScope(c.scope);
      const unit = buildLayerModel(c.key, { seed: 99 });
      for (const layer of unit.layers.filter((l) => l.countParams() > 0)) {
        layer.setWeights(full.getLayer(`${prefix}${layer.name.slice('unit'.length)}`).getWeights());
      }
      const actual = unit.predict(inputs.length === 1 ? inputs[0] : inputs) as tf.Tensor;
      const scale = expected.abs().max().dataSync()[0];
      const diff = tf.sub(actual, expected).abs().max().dataSync()[0];
      expect(scale, c.scope).toBeGreaterThan(0);
      expect(diff, c.scope).toBeLessThanOrEqual(1e-5 * Math.max(1, scale));
      tf.dispose(actual);
      unit.dispose();
    });
    tf.dispose([...values, image]);
    full.dispose();
  });

  it('refuses a bad key naming the field', () => {
    expect(() => buildLayerModel('{"kind":"depthwise","inputSize":8,"channels":32,"kernel":9,"stride":1,"activation":"relu","se":false}')).toThrow(
      /^key.kernel: must be one of 3, 5, 7/,
    );
  });
});
