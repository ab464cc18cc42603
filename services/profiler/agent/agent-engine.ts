import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { mkdirSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';

// The agent's tensor engine: tfjs with the wasm backend (XNNPACK), single-threaded by
// default like MnasNet's single-core measurements. A bundled agent (esbuild, Deno,
// single executable) has no node_modules: scripts/build-agent.mjs embeds the .wasm
// binaries as base64 via `define`, and they are written to a temp folder for emscripten.

declare const __FACENAS_EMBEDDED_WASM__: Record<string, string> | undefined;

export interface AgentEngine {
  backend: string;
  threads: number;
}

function embeddedWasm(): Record<string, string> | undefined {
  return typeof __FACENAS_EMBEDDED_WASM__ === 'undefined' ? undefined : __FACENAS_EMBEDDED_WASM__;
}

/** Writes the embedded binaries once per content hash; returns the folder (with trailing slash). */
function extractEmbeddedWasm(files: Record<string, string>): string {
  const hash = createHash('sha256');
  for (const name of Object.keys(files).sort()) hash.update(name).update(files[name]);
  const dir = join(tmpdir(), `facenas-agent-wasm-${hash.digest('hex').slice(0, 12)}`);
  mkdirSync(dir, { recursive: true });
  for (const [name, base64] of Object.entries(files)) {
    const path = join(dir, name);
    const bytes = Buffer.from(base64, 'base64');
    if (!existsSync(path) || !readFileSync(path).equals(bytes)) writeFileSync(path, bytes);
  }
  return `${dir}/`;
}

let started: Promise<AgentEngine> | undefined;

/**
 * Starts tfjs on wasm for timing. threads = 1 uses the package's own loader (works
 * bundled and under Deno); more threads need the project's engine loader (from
 * source only: it loads the threaded build from node_modules).
 */
export function startAgentEngine(threads = 1): Promise<AgentEngine> {
  started ??= (async () => {
    if (threads > 1) {
      if (embeddedWasm()) throw new Error('a bundled agent times with 1 thread only; run the agent from source for --threads > 1');
      // A computed specifier keeps esbuild from bundling the engine (and its node_modules loader) into the agent.
      const enginePath = '../../common/engine/engine.js';
      const { initEngine } = (await import(enginePath)) as typeof import('../../common/engine/engine.js');
      const info = await initEngine({ backend: 'wasm', threads });
      return { backend: info.backend, threads: info.threads };
    }
    const files = embeddedWasm();
    if (files) setWasmPaths(extractEmbeddedWasm(files));
    if (!(await tf.setBackend('wasm'))) throw new Error('the tfjs wasm backend failed to start');
    await tf.ready();
    return { backend: tf.getBackend(), threads: 1 };
  })();
  return started;
}
