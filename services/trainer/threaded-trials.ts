import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import type { Bus } from '../common/bus/bus.js';
import { FacenasError } from '../common/errors/errors.js';
import { fileModelUri, parseModelUri, uploadModelDir } from '../common/model/model-artifacts.js';
import { startTsWorker } from '../common/runtime/ts-worker.js';
import { TrialStopped, type TrialOutcome } from './train-trial.js';
import type { RunTrial } from './trainer-worker.js';
import type { ThreadError, ThreadReply, ThreadRequest, TrialThreadData } from './trial-thread-protocol.js';

const THREAD_ENTRY = new URL(`./trial-thread${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);

function rebuildError(error: ThreadError): Error {
  if (error.stopReason) return new TrialStopped(error.stopReason);
  if (error.kind) return new FacenasError(error.kind, error.message);
  const rebuilt = new Error(error.message);
  rebuilt.name = error.name;
  return rebuilt;
}

/**
 * Runs trials on a worker thread of their own (one thread per trainer worker, kept
 * between trials so the engine starts once). A thread that dies (a wasm abort, the
 * heap exhausted) fails its trial with the reason and is replaced for the next one.
 * Models bound for the object store are saved by the thread to a staging folder and
 * uploaded from here, where the bus connection is.
 */
export class ThreadedTrials {
  private worker: Worker | null = null;
  private ready: Promise<void> | null = null;
  private settle: ((reply: ThreadReply) => void) | null = null;
  private died: ((err: Error) => void) | null = null;

  constructor(
    private readonly data: TrialThreadData,
    private readonly bus?: Bus,
  ) {}

  readonly run: RunTrial = async (job, hooks) => {
    const target = job.job.artifactUri;
    const staging = target && parseModelUri(target).kind === 'nats-object' ? await mkdtemp(join(tmpdir(), 'facenas-trial-')) : null;
    const threadJob = staging ? { ...job, job: { ...job.job, artifactUri: fileModelUri(staging) } } : job;
    try {
      const outcome = await this.runOnThread(threadJob, hooks);
      if (staging && outcome.modelUri) {
        await uploadModelDir(staging, target, this.bus);
        return { ...outcome, modelUri: target };
      }
      return outcome;
    } finally {
      if (staging) await rm(staging, { recursive: true, force: true });
    }
  };

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    this.ready = null;
    await worker?.terminate();
  }

  private async runOnThread(job: Parameters<RunTrial>[0], hooks: Parameters<RunTrial>[1]): Promise<TrialOutcome> {
    const worker = await this.thread();
    const onAbort = () => worker.postMessage({ type: 'stop', reason: hooks.signal.reason } satisfies ThreadRequest);
    hooks.signal.addEventListener('abort', onAbort);
    try {
      return await new Promise<TrialOutcome>((resolve, reject) => {
        this.died = reject;
        this.settle = (reply) => {
          if (reply.type === 'progress') {
            hooks.onProgress(reply.progress).catch(() => undefined);
          } else if (reply.type === 'done') {
            resolve(reply.outcome);
          } else if (reply.type === 'error') {
            reject(rebuildError(reply.error));
          }
        };
        worker.postMessage({ type: 'run', job } satisfies ThreadRequest);
        if (hooks.signal.aborted) onAbort();
      });
    } finally {
      hooks.signal.removeEventListener('abort', onAbort);
      this.settle = null;
      this.died = null;
    }
  }

  private thread(): Promise<Worker> {
    if (this.worker && this.ready) {
      const worker = this.worker;
      return this.ready.then(() => worker);
    }
    const worker = startTsWorker(THREAD_ENTRY, { workerData: this.data });
    this.worker = worker;
    this.ready = new Promise<void>((resolve, reject) => {
      worker.on('message', (reply: ThreadReply) => {
        if (reply.type === 'ready') resolve();
        else this.settle?.(reply);
      });
      const gone = (err: Error) => {
        if (this.worker === worker) {
          this.worker = null;
          this.ready = null;
        }
        reject(err);
        this.died?.(err);
      };
      worker.on('error', (err) => gone(new Error(`trainer thread failed: ${err.message}`)));
      worker.on('exit', (code) => gone(new Error(`trainer thread exited (code ${code})`)));
    });
    return this.ready.then(() => worker);
  }
}
