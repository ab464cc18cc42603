// Starting a worker_threads Worker on a TypeScript file. Our code runs as .ts through
// tsx (`npx tsx`, `node --import tsx`, vitest). On Node 20 a Worker does not get
// module hooks from `--import tsx` in its execArgv (tried: ERR_UNKNOWN_FILE_EXTENSION
// under all three launchers), and under `tsx -e` it would inherit exec arguments a
// Worker refuses. So a .ts entry starts as a tiny bootstrap module that registers
// tsx's ESM hooks inside the worker and then imports the entry; a .js entry (a
// bundled build) starts as a plain Worker. The bootstrap is an ES module (a data:
// URL): from an eval'd CommonJS bootstrap tsx loads the whole graph as CommonJS,
// where every imported binding becomes a getter call (measured ~20% slower hot loops).
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

const TYPESCRIPT_ENTRY = /\.(ts|mts|cts)$/;

/** True when `entry` needs tsx's hooks to load. */
export function isTypeScriptEntry(entry: URL): boolean {
  return TYPESCRIPT_ENTRY.test(entry.pathname);
}

// The ESM build of tsx's API: the CJS one, imported from the worker, fails to find its
// own chunks. `tsx -e` loads our modules as CommonJS, where import.meta has no
// resolve and require() picks the CJS build; the ESM build sits beside it.
function tsxEsmApiUrl(): string {
  if (typeof import.meta.resolve === 'function') return import.meta.resolve('tsx/esm/api');
  const cjsPath = createRequire(import.meta.url).resolve('tsx/esm/api');
  return pathToFileURL(cjsPath.replace(/\.cjs$/, '.mjs')).href;
}

/** The bootstrap module (a data: URL) that loads a .ts `entry` through tsx inside a worker. */
export function tsWorkerBootstrap(entry: URL): URL {
  const source = `const tsx = await import(${JSON.stringify(tsxEsmApiUrl())});\ntsx.register();\nawait import(${JSON.stringify(entry.href)});\n`;
  return new URL(`data:text/javascript,${encodeURIComponent(source)}`);
}

/** Starts a Worker on `entry`, a file URL to a .ts or .js module. */
export function startTsWorker(entry: URL, options: WorkerOptions = {}): Worker {
  if (!isTypeScriptEntry(entry)) return new Worker(entry, options);
  return new Worker(tsWorkerBootstrap(entry), { ...options, execArgv: options.execArgv ?? [] });
}
