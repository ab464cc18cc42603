// Worker thread body of SyntheticRenderPool: renders batches of (identity, index)
// for the options it was started with and sends back the pixels and landmarks
// packed in two transferable arrays.
import { parentPort, workerData } from 'node:worker_threads';
import { renderFace } from './render-face.js';
import type { SyntheticOptions } from './synthetic-options.js';

/** One batch: identity, index pairs. A worker holds one batch at a time. */
export interface RenderRequest {
  keys: Float64Array;
}

export type RenderReply = { pixels: Uint8Array; landmarks: Float32Array } | { error: string };

export interface RenderWorkerData {
  options: SyntheticOptions;
}

function renderBatch(options: SyntheticOptions, request: RenderRequest): RenderReply {
  const count = request.keys.length / 2;
  const imageBytes = options.size * options.size * 3;
  const pixels = new Uint8Array(count * imageBytes);
  const landmarks = new Float32Array(count * 10);
  for (let i = 0; i < count; i++) {
    const face = renderFace(options, request.keys[2 * i], request.keys[2 * i + 1]);
    pixels.set(face.pixels, i * imageBytes);
    landmarks.set(face.landmarks, i * 10);
  }
  return { pixels, landmarks };
}

const port = parentPort;
if (port) {
  const { options } = workerData as RenderWorkerData;
  port.on('message', (request: RenderRequest) => {
    let reply: RenderReply;
    try {
      reply = renderBatch(options, request);
    } catch (err) {
      reply = { error: err instanceof Error ? err.message : String(err) };
    }
    port.postMessage(reply, 'pixels' in reply ? [reply.pixels.buffer as ArrayBuffer, reply.landmarks.buffer as ArrayBuffer] : []);
  });
}
