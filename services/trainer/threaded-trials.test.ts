import { afterAll, describe, expect, it } from 'vitest';
import { encodeJson } from '../common/bus/bus.js';
import { createMemoryBus } from '../common/bus/memory-bus.js';
import type { TrialProgress } from '../common/generated/facenas/v1/TrialProgress.js';
import { decode, DECISION_COUNT, toArchitectureMessage } from '../common/search-space/index.js';
import { ThreadedTrials } from './threaded-trials.js';
import { TrialStopped } from './train-trial.js';
import { parseTrialJob } from './trial-job.js';

// Real trials on a real worker thread (its own wasm engine, its own dataset catalog).

const bus = createMemoryBus();
const trials = new ThreadedTrials({ backend: 'wasm' }, bus);
afterAll(async () => {
  await trials.close();
  await bus.close();
});

const job = (over: Record<string, unknown> = {}) =>
  parseTrialJob(
    encodeJson({
      searchId: 's',
      trialId: 't',
      architecture: toArchitectureMessage(decode(new Array(DECISION_COUNT).fill(0)), 32),
      dataset: 'synthetic:identities=6,images=8,size=32,eval_identities=10,eval_images=4',
      budget: { epochs: 1, steps: 6, imageSize: 32, identities: 0, batchSize: 8, learningRate: 0.1, warmupEpochs: 0, loss: 'LOSS_SOFTMAX', flip: false },
      objective: 'OBJECTIVE_VERIFICATION',
      seed: 2,
      artifactUri: 'nats-object://facenas_models/s/t',
      evalEachEpoch: false,
      ...over,
    }),
  );

describe('trials on a worker thread', () => {
  it('trains, reports progress, and uploads the model to the object store from the main thread', async () => {
    const progress: TrialProgress[] = [];
    const outcome = await trials.run(job(), { signal: new AbortController().signal, onProgress: async (p) => void progress.push(p) });
    expect(outcome.state).toBe('TRIAL_STATE_SUCCEEDED');
    expect(outcome.modelUri).toBe('nats-object://facenas_models/s/t');
    // 6 identities x 5 training images = 3 batches of 8 an epoch: 6 steps are 2 epochs.
    expect(outcome.metrics.epochsCompleted).toBe(2);
    expect(progress.at(-1)?.step).toBe(6);
    expect(await (await bus.objects('facenas_models')).list('s/t/')).toEqual(['s/t/group1-shard1of1.bin', 's/t/model.json']);
  }, 60_000);

  it('a kill reaches the thread; errors keep their kind across the thread boundary; the thread is reused', async () => {
    const abort = new AbortController();
    const killed = trials.run(job({ budget: { epochs: 1, steps: 1000, imageSize: 32, identities: 0, batchSize: 8, learningRate: 0.1, warmupEpochs: 0, loss: 'LOSS_SOFTMAX', flip: false } }), {
      signal: abort.signal,
      onProgress: async () => undefined,
    });
    setTimeout(() => abort.abort('kill'), 300);
    await expect(killed).rejects.toBeInstanceOf(TrialStopped);
    await expect(
      trials.run(job({ dataset: 'synthetic:identities=4,images=6,size=32,eval_identities=0', artifactUri: '' }), { signal: new AbortController().signal, onProgress: async () => undefined }),
    ).rejects.toMatchObject({ kind: 'FAILED_PRECONDITION', message: expect.stringMatching(/no verification pairs/) });
  }, 60_000);
});
