// Worker-thread entry of threaded-trials.ts: trains one trial at a time on this
// thread's own tfjs engine, so trainers use every core and the process's main thread
// stays free for heartbeats, reports and (embedded mode) the other services.
import { parentPort, workerData } from 'node:worker_threads';
import { initEngine } from '../common/engine/engine.js';
import { FacenasError } from '../common/errors/errors.js';
import { CpuGate } from '../common/runtime/cpu-gate.js';
import { embeddedEndpoint, type DatasetEndpoint } from '../dataset/batch-source.js';
import type { ThreadReply, ThreadRequest, TrialThreadData } from './trial-thread-protocol.js';
import { trainTrial, TrialStopped } from './train-trial.js';

const data = workerData as TrialThreadData;
const port = parentPort!;
const engine = initEngine({ backend: data.backend, threads: data.threads });
const datasets: DatasetEndpoint = data.datasetAddress ? { mode: 'remote', address: data.datasetAddress, tls: data.datasetTls } : embeddedEndpoint({ renderThreads: 1 });
const gate = data.gate ? new CpuGate(data.gate) : undefined;
let current: AbortController | null = null;

const send = (reply: ThreadReply) => port.postMessage(reply);

port.on('message', (request: ThreadRequest) => {
  if (request.type === 'stop') {
    current?.abort(request.reason);
    return;
  }
  const abort = new AbortController();
  current = abort;
  void (async () => {
    try {
      const info = await engine;
      const outcome = await trainTrial(request.job, {
        datasets,
        splitBatches: info.backend !== 'tensorflow',
        signal: abort.signal,
        stepGate: gate,
        onProgress: async (progress) => send({ type: 'progress', progress }),
      });
      send({ type: 'done', outcome });
    } catch (err) {
      const e = err as Error;
      send({
        type: 'error',
        error: {
          name: e?.name ?? 'Error',
          message: e?.message ?? String(err),
          kind: err instanceof FacenasError ? err.kind : undefined,
          stopReason: err instanceof TrialStopped ? err.reason : undefined,
        },
      });
    } finally {
      current = null;
    }
  })();
});
send({ type: 'ready' });
