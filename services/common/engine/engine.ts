import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { InvalidArgumentError } from '../errors/errors.js';
import { loadWasmBackend } from './wasm-backend-loader.js';
import { registerTrainingKernels } from './kernels/register-training-kernels.js';
import { bindWasmHeap } from './kernels/wasm-heap.js';

export type BackendChoice = 'auto' | 'tensorflow' | 'wasm' | 'cpu';
export type BackendName = 'tensorflow' | 'wasm' | 'cpu';

export interface EngineOptions {
  backend?: BackendChoice;
  /**
   * wasm pool threads; default 1: the embedded search runs one trainer per core, and under
   * other load the pool's spin-waits made 2 threads slower than 1; a lone trainer on a free
   * 2-core machine gains 9-15% from 2 (bench/RESULTS.md).
   */
  threads?: number;
}

export interface EngineInfo {
  backend: BackendName;
  threads: number;
  /** Where the tfjs-node package came from when backend is `tensorflow`. */
  nativePackage?: string;
  tfjsVersion: string;
}

const NATIVE_PACKAGES = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'] as const;
const CHOICES: readonly BackendChoice[] = ['auto', 'tensorflow', 'wasm', 'cpu'];
const DEFAULT_THREADS = 1;

let current: Promise<EngineInfo> | undefined;
let currentKey: string | undefined;

function resolveChoice(options: EngineOptions): { backend: BackendChoice; threads: number } {
  const envBackend = process.env.FACENAS_BACKEND;
  const backend = (envBackend && envBackend.length > 0 ? envBackend : options.backend ?? 'auto') as BackendChoice;
  if (!CHOICES.includes(backend)) {
    throw new InvalidArgumentError(envBackend ? 'FACENAS_BACKEND' : 'backend', `must be one of ${CHOICES.join(', ')}`);
  }
  const envThreads = process.env.FACENAS_THREADS;
  const threads = envThreads && envThreads.length > 0 ? Number(envThreads) : options.threads ?? DEFAULT_THREADS;
  if (!Number.isInteger(threads) || threads < 1 || threads > 64) {
    throw new InvalidArgumentError(envThreads ? 'FACENAS_THREADS' : 'threads', 'must be an integer from 1 to 64');
  }
  return { backend, threads };
}

async function importNative(): Promise<string | undefined> {
  for (const name of NATIVE_PACKAGES) {
    try {
      // A computed specifier keeps bundlers and tsc from requiring the optional package.
      await import(/* @vite-ignore */ name as string);
      return name;
    } catch {
      // not installed in this image
    }
  }
  return undefined;
}

async function startWasm(threads: number): Promise<EngineInfo> {
  let actualThreads = 1;
  if (tf.findBackendFactory('wasm') !== null) tf.removeBackend('wasm');
  tf.registerBackend(
    'wasm',
    async () => {
      const loaded = await loadWasmBackend(threads);
      actualThreads = loaded.threads;
      bindWasmHeap(loaded.backend, loaded.memory);
      return loaded.backend;
    },
    3,
  );
  registerTrainingKernels();
  if (!(await tf.setBackend('wasm'))) throw new Error('the wasm backend failed to start');
  return { backend: 'wasm', threads: actualThreads, tfjsVersion: tf.version_core };
}

async function start(backend: BackendChoice, threads: number): Promise<EngineInfo> {
  if (backend === 'tensorflow' || backend === 'auto') {
    const nativePackage = await importNative();
    if (nativePackage !== undefined) {
      if (!(await tf.setBackend('tensorflow'))) throw new Error(`${nativePackage} is installed but its backend failed to start`);
      return { backend: 'tensorflow', threads, nativePackage, tfjsVersion: tf.version_core };
    }
    if (backend === 'tensorflow') {
      throw new InvalidArgumentError('backend', `tensorflow needs ${NATIVE_PACKAGES.join(' or ')} installed`);
    }
  }
  if (backend === 'cpu') {
    await tf.setBackend('cpu');
    return { backend: 'cpu', threads: 1, tfjsVersion: tf.version_core };
  }
  return startWasm(threads);
}

/**
 * Selects and starts the tensor backend for this process. Idempotent: every
 * later call gets the first call's engine (the backend is process-global in
 * tfjs); a later call asking for a different explicit setup is rejected
 * rather than silently ignored.
 */
export function initEngine(options: EngineOptions = {}): Promise<EngineInfo> {
  const { backend, threads } = resolveChoice(options);
  const key = `${backend}/${threads}`;
  if (current !== undefined) {
    const explicit = options.backend !== undefined || options.threads !== undefined;
    if (explicit && key !== currentKey && backend !== 'auto') {
      return current.then((info) => {
        if (info.backend !== backend || (options.threads !== undefined && info.threads !== threads)) {
          throw new InvalidArgumentError('backend', `engine already started as ${info.backend} with ${info.threads} threads`);
        }
        return info;
      });
    }
    return current;
  }
  currentKey = key;
  current = start(backend, threads);
  current.catch(() => {
    current = undefined;
    currentKey = undefined;
  });
  return current;
}
