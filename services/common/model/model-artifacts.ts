// Where trained models live, named by URI so a trial record can say where its model is:
// `file:///abs/dir` (embedded mode: the run folder) or `nats-object://bucket/prefix`
// (cluster mode: a JetStream object store, objects `<prefix>/model.json` and
// `<prefix>/group1-shard1of1.bin`). Both hold the standard tfjs files.

import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type * as tf from '@tensorflow/tfjs';
import type { Bus } from '../bus/bus.js';
import { InvalidArgumentError, NotFoundError } from '../errors/errors.js';
import type { ArchitectureSpec } from '../search-space/index.js';
import { exportEmbeddingModel, type EmbeddingModelMetadata } from './export.js';
import { loadModel, MODEL_JSON, WEIGHTS_FILE } from './file-io.js';

export type ModelLocation = { kind: 'file'; dir: string } | { kind: 'nats-object'; bucket: string; prefix: string };

export function parseModelUri(uri: string, field = 'model_uri'): ModelLocation {
  if (uri.startsWith('file://')) {
    try {
      return { kind: 'file', dir: fileURLToPath(uri) };
    } catch (err) {
      throw new InvalidArgumentError(field, `not a file URL: ${(err as Error).message}`);
    }
  }
  const match = /^nats-object:\/\/([A-Za-z0-9_-]+)\/(.+)$/.exec(uri);
  if (match) return { kind: 'nats-object', bucket: match[1], prefix: match[2].replace(/\/+$/, '') };
  throw new InvalidArgumentError(field, `must be file:///dir or nats-object://bucket/prefix, got ${JSON.stringify(uri.slice(0, 200))}`);
}

export function fileModelUri(dir: string): string {
  return pathToFileURL(dir).href;
}

/** Saves the embedding model (classifier left behind) with its metadata at `uri`. */
export async function saveEmbeddingModelTo(
  uri: string,
  model: tf.LayersModel,
  info: { spec: ArchitectureSpec; imageSize: number },
  bus?: Bus,
): Promise<EmbeddingModelMetadata> {
  const location = parseModelUri(uri);
  if (location.kind === 'file') return exportEmbeddingModel(model, location.dir, info);
  if (!bus) throw new InvalidArgumentError('model_uri', `${uri} needs a NATS connection`);
  const staging = await mkdtemp(join(tmpdir(), 'facenas-model-'));
  try {
    const metadata = await exportEmbeddingModel(model, staging, info);
    await uploadModelDir(staging, uri, bus);
    return metadata;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** Copies the model at `uri` into `dir` (the standard two tfjs files). */
export async function downloadModel(uri: string, dir: string, bus?: Bus): Promise<void> {
  const location = parseModelUri(uri);
  if (location.kind === 'file') {
    for (const file of [MODEL_JSON, WEIGHTS_FILE]) await writeFile(join(dir, file), await readFile(join(location.dir, file)));
    return;
  }
  if (!bus) throw new InvalidArgumentError('model_uri', `${uri} needs a NATS connection`);
  const objects = await bus.objects(location.bucket);
  for (const file of [MODEL_JSON, WEIGHTS_FILE]) {
    const data = await objects.get(`${location.prefix}/${file}`);
    if (!data) throw new NotFoundError('model file', `${uri}/${file}`);
    await writeFile(join(dir, file), data);
  }
}

export async function loadModelFrom(uri: string, bus?: Bus): Promise<tf.LayersModel> {
  const location = parseModelUri(uri);
  if (location.kind === 'file') return loadModel(location.dir);
  const staging = await mkdtemp(join(tmpdir(), 'facenas-model-'));
  try {
    await downloadModel(uri, staging, bus);
    return await loadModel(staging);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/**
 * Puts the tfjs files of a saved model folder at `uri` (copied for a file:// one).
 * Weights first, as on disk: a model.json that is there always has its weights.
 */
export async function uploadModelDir(dir: string, uri: string, bus?: Bus): Promise<void> {
  const location = parseModelUri(uri);
  if (location.kind === 'file') {
    await mkdir(location.dir, { recursive: true });
    for (const file of [WEIGHTS_FILE, MODEL_JSON]) await writeFile(join(location.dir, file), await readFile(join(dir, file)));
    return;
  }
  if (!bus) throw new InvalidArgumentError('model_uri', `${uri} needs a NATS connection`);
  const objects = await bus.objects(location.bucket);
  for (const file of [WEIGHTS_FILE, MODEL_JSON]) await objects.put(`${location.prefix}/${file}`, await readFile(join(dir, file)));
}
