import * as tf from '@tensorflow/tfjs';
import { BackendWasm, setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * Loads tfjs-backend-wasm under Node ourselves instead of through the package's
 * `init()`, for three reasons the package cannot be configured around:
 *  - it disables threads in Node and hands emscripten Blob URLs that
 *    `worker_threads` cannot load, so we point emscripten at real files;
 *  - the C++ side caps its thread pool at logical cores / 2, so on a 2-core
 *    machine it would run one thread: we report twice the cores to it;
 *  - our own SIMD kernels need the WebAssembly.Memory object of the backend's
 *    heap, which the package never exposes; we capture it while instantiating.
 */

const require = createRequire(import.meta.url);
const WASM_OUT = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'wasm-out');
const THREADED_JS = join(WASM_OUT, 'tfjs-backend-wasm-threaded-simd.js');
// The plain build's factory loads either the plain or the SIMD binary.
const SINGLE_THREAD_JS = join(WASM_OUT, 'tfjs-backend-wasm.js');
const SINGLE_THREAD_WASM = join(WASM_OUT, 'tfjs-backend-wasm-simd.wasm');
const THREADED_WASM = join(WASM_OUT, 'tfjs-backend-wasm-threaded-simd.wasm');

export interface LoadedWasmBackend {
  backend: BackendWasm;
  memory: WebAssembly.Memory;
  threads: number;
}

interface EmscriptenImports {
  env: Record<string, unknown>;
}

type ReceiveInstance = (instance: WebAssembly.Instance, module: WebAssembly.Module) => void;

interface EmscriptenModule {
  cwrap(name: string, ret: string | null, args: string[]): (...args: number[]) => number;
  tfjs?: unknown;
}

type EmscriptenFactory = (config: Record<string, unknown>) => Promise<EmscriptenModule>;

/** The pthread worker script, written to disk once because worker_threads cannot load Blob URLs. */
function workerScriptPath(): string {
  const contents = (require(join(WASM_OUT, 'tfjs-backend-wasm-threaded-simd.worker.js')) as { wasmWorkerContents: string })
    .wasmWorkerContents.replace(/\n/g, '\\n'); // the template literal unescaped its "\n" inside string literals
  const dir = join(tmpdir(), 'facenas-tfjs-wasm');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `threaded-simd-worker-${tf.version_core}.cjs`);
  if (!existsSync(path) || readFileSync(path, 'utf8') !== contents) writeFileSync(path, contents);
  return path;
}

function findMemory(values: Iterable<unknown>): WebAssembly.Memory | undefined {
  for (const v of values) if (v instanceof WebAssembly.Memory) return v;
  return undefined;
}

/**
 * Instantiates the backend's emscripten module. `threads` = 1 uses the
 * single-threaded SIMD build (no synchronisation cost at batch 1); more uses
 * the threaded SIMD build with that many pool threads.
 */
export async function loadWasmBackend(threads: number): Promise<LoadedWasmBackend> {
  const threaded = threads > 1;
  const jsPath = threaded ? THREADED_JS : SINGLE_THREAD_JS;
  const wasmPath = threaded ? THREADED_WASM : SINGLE_THREAD_WASM;
  const factory = require(jsPath) as EmscriptenFactory;
  let memory: WebAssembly.Memory | undefined;
  const config: Record<string, unknown> = {
    locateFile: (path: string, prefix: string) => {
      if (path.endsWith('.worker.js')) return workerScriptPath();
      if (path.endsWith('.wasm')) return wasmPath;
      return prefix + path;
    },
    instantiateWasm: (imports: EmscriptenImports, receive: ReceiveInstance) => {
      const cores = imports.env.emscripten_num_logical_cores;
      if (typeof cores === 'function') {
        // The C++ pool size is min(requested, cores / 2): doubling lets `threads` through.
        imports.env.emscripten_num_logical_cores = () => 2 * Math.max(threads, cpus().length);
      }
      memory = findMemory(Object.values(imports.env));
      WebAssembly.instantiate(readFileSync(wasmPath), imports as unknown as WebAssembly.Imports).then(
        ({ instance, module }) => {
          memory ??= findMemory(Object.values(instance.exports));
          receive(instance, module);
        },
        (e: unknown) => {
          throw e;
        },
      );
      return {};
    },
  };
  if (threaded) config.mainScriptUrlOrBlob = THREADED_JS;
  const module = await factory(config);
  module.tfjs = {
    init: module.cwrap('init', null, []),
    initWithThreadsCount: module.cwrap('init_with_threads_count', null, ['number']),
    getThreadsCount: module.cwrap('get_threads_count', 'number', []),
    registerTensor: module.cwrap('register_tensor', null, ['number', 'number', 'number']),
    disposeData: module.cwrap('dispose_data', null, ['number']),
    dispose: module.cwrap('dispose', null, []),
  };
  if (memory === undefined) throw new Error('tfjs-backend-wasm: could not find the heap memory while instantiating');
  setThreadsCount(threads);
  const backend = new BackendWasm(module as unknown as ConstructorParameters<typeof BackendWasm>[0]);
  return { backend, memory, threads: (module.tfjs as { getThreadsCount(): number }).getThreadsCount() };
}
