// Renders synthetic faces on worker threads with an LRU cache of finished images.
// Requests are split into chunks across the workers; an image already cached or
// already being rendered is not rendered again. Idle workers do not keep the
// process alive, so a forgotten close() cannot hang a program (close() still frees them).
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { InvalidArgumentError, UnavailableError, throwIfProblems } from '../../common/errors/errors.js';
import { startTsWorker } from '../../common/runtime/ts-worker.js';
import { LruCache } from './lru-cache.js';
import type { RenderedFace } from './render-face.js';
import type { RenderReply, RenderRequest, RenderWorkerData } from './render-worker.js';
import { validateImageKey, validateSyntheticOptions, type SyntheticOptions } from './synthetic-options.js';

export interface RenderPoolOptions {
  /** Worker threads; default: the number of cores. */
  threads?: number;
  /** Rendered images kept; default 2048 (25 MiB at 64x64, 77 MiB at 112x112); 0 disables. */
  cacheImages?: number;
}

export const DEFAULT_CACHE_IMAGES = 2048;
export const MAX_THREADS = 64;
/** Largest batch one worker takes at a time, so big requests still spread over all workers. */
const MAX_CHUNK = 64;

/** The worker module next to this one, .ts when running from source, .js when built. */
const WORKER_ENTRY = new URL(`./render-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);

interface Job {
  keys: Float64Array;
  resolve: (reply: { pixels: Uint8Array; landmarks: Float32Array }) => void;
  reject: (err: Error) => void;
}

interface Slot {
  worker: Worker;
  job: Job | null;
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (err: Error) => void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (err: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** An image not cached nor in flight: rendered by this request. */
interface Missing {
  identity: number;
  index: number;
  key: string;
  wanted: Deferred<RenderedFace>;
}

function imageKey(identity: number, index: number): string {
  return `${identity}:${index}`;
}

export class SyntheticRenderPool {
  readonly options: SyntheticOptions;
  readonly threads: number;
  private readonly cache: LruCache<string, RenderedFace>;
  private readonly pending = new Map<string, Promise<RenderedFace>>();
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private closed = false;
  private hits = 0;
  private misses = 0;

  constructor(options: SyntheticOptions, { threads = availableParallelism(), cacheImages = DEFAULT_CACHE_IMAGES }: RenderPoolOptions = {}) {
    validateSyntheticOptions(options);
    const problems: InvalidArgumentError[] = [];
    if (!Number.isInteger(threads) || threads < 1 || threads > MAX_THREADS) {
      problems.push(new InvalidArgumentError('threads', `must be an integer from 1 to ${MAX_THREADS}, got ${threads}`));
    }
    if (!Number.isInteger(cacheImages) || cacheImages < 0) {
      problems.push(new InvalidArgumentError('cacheImages', `must be a non-negative integer, got ${cacheImages}`));
    }
    throwIfProblems(problems);
    this.options = { ...options };
    this.threads = threads;
    this.cache = new LruCache(cacheImages);
    for (let i = 0; i < threads; i++) this.slots.push({ worker: this.startWorker(), job: null });
  }

  /** One image with its landmarks (a copy the caller may keep or change). */
  async render(identity: number, index: number): Promise<RenderedFace> {
    const [face] = await this.faces([[identity, index]]);
    return { pixels: face.pixels.slice(), landmarks: face.landmarks.slice() };
  }

  /** The images of `items`, concatenated in order (each size*size*3 RGB bytes). */
  async renderMany(items: ReadonlyArray<readonly [number, number]>): Promise<Uint8Array> {
    const faces = await this.faces(items);
    const bytes = this.options.size * this.options.size * 3;
    const out = new Uint8Array(items.length * bytes);
    faces.forEach((face, i) => out.set(face.pixels, i * bytes));
    return out;
  }

  /** Cache counters: images served from the cache or from a render already in flight (hits), and rendered (misses). */
  stats(): { cached: number; hits: number; misses: number } {
    return { cached: this.cache.size, hits: this.hits, misses: this.misses };
  }

  /** Stops the workers; pending and later requests fail with UNAVAILABLE. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const stopped = new UnavailableError('synthetic render pool closed');
    for (const job of this.queue.splice(0)) job.reject(stopped);
    await Promise.all(
      this.slots.map(async (slot) => {
        slot.job?.reject(stopped);
        slot.job = null;
        await slot.worker.terminate();
      }),
    );
  }

  private async faces(items: ReadonlyArray<readonly [number, number]>): Promise<RenderedFace[]> {
    if (this.closed) throw new UnavailableError('synthetic render pool closed');
    for (const [identity, index] of items) validateImageKey(identity, index);
    const results: Array<RenderedFace | Promise<RenderedFace>> = [];
    const missing: Missing[] = [];
    for (const [identity, index] of items) {
      const key = imageKey(identity, index);
      const ready = this.cache.get(key) ?? this.pending.get(key);
      if (ready) {
        this.hits++;
        results.push(ready);
        continue;
      }
      this.misses++;
      const wanted = deferred<RenderedFace>();
      // Each image's promise is also awaited through `results`; this catch only keeps
      // a failure from counting as unhandled for later requests that share it.
      wanted.promise.catch(() => undefined);
      this.pending.set(key, wanted.promise);
      results.push(wanted.promise);
      missing.push({ identity, index, key, wanted });
    }
    this.schedule(missing);
    return Promise.all(results);
  }

  private schedule(missing: Missing[]): void {
    const bytes = this.options.size * this.options.size * 3;
    // About four chunks per worker, so a worker that finishes early takes more.
    const chunk = Math.max(1, Math.min(MAX_CHUNK, Math.ceil(missing.length / (this.threads * 4))));
    for (let start = 0; start < missing.length; start += chunk) {
      const part = missing.slice(start, start + chunk);
      const keys = new Float64Array(part.length * 2);
      part.forEach(({ identity, index }, i) => keys.set([identity, index], 2 * i));
      this.enqueue({
        keys,
        resolve: ({ pixels, landmarks }) => {
          part.forEach(({ key, wanted }, i) => {
            const face = { pixels: pixels.slice(i * bytes, (i + 1) * bytes), landmarks: landmarks.slice(i * 10, (i + 1) * 10) };
            this.pending.delete(key);
            this.cache.set(key, face);
            wanted.resolve(face);
          });
        },
        reject: (err) => {
          for (const { key, wanted } of part) {
            this.pending.delete(key);
            wanted.reject(err);
          }
        },
      });
    }
  }

  private enqueue(job: Job): void {
    this.queue.push(job);
    this.dispatch();
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (slot.job || this.queue.length === 0) continue;
      const job = this.queue.shift() as Job;
      slot.job = job;
      slot.worker.ref();
      const request: RenderRequest = { keys: job.keys };
      slot.worker.postMessage(request);
    }
  }

  private startWorker(): Worker {
    const workerData: RenderWorkerData = { options: this.options };
    const worker = startTsWorker(WORKER_ENTRY, { workerData });
    worker.unref();
    worker.on('message', (reply: RenderReply) => {
      const slot = this.slots.find((s) => s.worker === worker);
      const job = slot?.job;
      if (!slot || !job) return;
      slot.job = null;
      worker.unref();
      if ('error' in reply) job.reject(new Error(`synthetic render failed: ${reply.error}`));
      else job.resolve(reply);
      this.dispatch();
    });
    const fail = (err: Error) => {
      const slot = this.slots.find((s) => s.worker === worker);
      if (!slot || this.closed) return;
      slot.job?.reject(new UnavailableError(`synthetic render worker stopped: ${err.message}`, { cause: err }));
      slot.job = null;
      slot.worker = this.startWorker();
      this.dispatch();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`exited with code ${code}`)));
    return worker;
  }
}
