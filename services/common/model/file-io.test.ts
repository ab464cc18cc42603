import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { architectureId, countParameters, decode } from '../search-space/index.js';
import { buildClassifierHead } from './classifier-head.js';
import { buildEmbeddingModel } from './embedding-model.js';
import { exportEmbeddingModel } from './export.js';
import { MODEL_JSON, WEIGHTS_FILE, loadModel, saveModel } from './file-io.js';

// h-swish (the custom layer), SE, ir and ds blocks, GAP head to 256.
// prettier-ignore
const SPEC = decode([
  0, 0, 1, 1, 1, 0, 2,
  1, 1, 0, 0, 1, 0, 2,
  0, 0, 0, 1, 0, 0, 1,
  1, 0, 0, 0, 0, 0, 0,
  0, 2, 2, 1, 1, 0, 2,
  1, 1,
]);

let dir = '';
beforeAll(async () => {
  await tf.setBackend('cpu');
  dir = await mkdtemp(join(tmpdir(), 'facenas-model-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('saveModel / loadModel', () => {
  it('writes the tfjs layers format and loads a model with identical outputs', async () => {
    const model = buildEmbeddingModel(SPEC, { imageSize: 32, seed: 3 });
    // Non-default BN statistics so that they must round-trip too.
    for (const layer of model.layers.filter((l) => l.getClassName() === 'BatchNormalization')) {
      const values = layer.getWeights().map((w, i) => tf.fill(w.shape, 0.5 + 0.25 * i));
      layer.setWeights(values);
      tf.dispose(values);
    }
    const target = join(dir, 'roundtrip');
    await saveModel(model, target);

    const json = JSON.parse(await readFile(join(target, MODEL_JSON), 'utf8'));
    expect(json.format).toBe('layers-model');
    expect(json.weightsManifest).toHaveLength(1);
    expect(json.weightsManifest[0].paths).toEqual([`./${WEIGHTS_FILE}`]);
    expect(json.weightsManifest[0].weights).toHaveLength(model.weights.length);
    expect(JSON.stringify(json.modelTopology)).toContain('"class_name":"HardSwish"');
    expect((await stat(join(target, WEIGHTS_FILE))).size).toBe(4 * countParameters(SPEC, 32));

    const loaded = await loadModel(target);
    expect(loaded.countParams()).toBe(model.countParams());
    const x = tf.randomUniform([3, 32, 32, 3], -1, 1, 'float32', 7);
    const [a, b] = [model.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor];
    expect(b.shape).toEqual([3, 256]);
    expect(Buffer.from(b.dataSync().buffer).equals(Buffer.from(a.dataSync().buffer))).toBe(true);
    tf.dispose([x, a, b]);
    model.dispose();
    loaded.dispose();
  });

  it('fails clearly when there is no model', async () => {
    await expect(loadModel(join(dir, 'missing'))).rejects.toThrow(/ENOENT/);
  });
});

describe('exportEmbeddingModel', () => {
  it('saves the embedding model only, with its metadata', async () => {
    const model = buildEmbeddingModel(SPEC, { imageSize: 32, seed: 4 });
    const head = buildClassifierHead(256, 50, 'arcface', { seed: 1 });
    const target = join(dir, 'export');
    const metadata = await exportEmbeddingModel(model, target, { spec: SPEC, imageSize: 32 });
    expect(metadata).toMatchObject({
      architectureId: architectureId(SPEC),
      imageSize: 32,
      embedding: 256,
      input: { layout: 'NHWC', mean: 127.5, scale: 128 },
      customLayers: ['HardSwish'],
    });
    // the classifier (256 × 50) is not in the weights
    expect((await stat(join(target, WEIGHTS_FILE))).size).toBe(4 * countParameters(SPEC, 32));
    const loaded = await loadModel(target);
    expect(loaded.getUserDefinedMetadata()).toEqual({ facenas: JSON.parse(JSON.stringify(metadata)) });
    loaded.dispose();
    model.dispose();
    head.dispose();
  });
});
