#!/usr/bin/env node
// The project's one test command (`npm test`): static checks, then the vitest suite.
// Extra arguments go to vitest (e.g. `npm test -- services/common`).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = (name) => `${root}node_modules/.bin/${name}`;
const started = Date.now();

function step(title, command, args, options = {}) {
  const t0 = Date.now();
  process.stdout.write(`\n▶ ${title}\n`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.error || result.status !== 0) {
    console.error(`✖ ${title} failed${result.error ? `: ${result.error.message}` : ` (exit ${result.status})`}`);
    process.exit(1);
  }
  console.log(`✔ ${title} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
}

function which(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim();
}

step('typecheck (tsc --noEmit)', bin('tsc'), ['--noEmit', '-p', '.']);
step('generated gRPC stubs match protos/', process.execPath, ['scripts/gen-protos.mjs', '--check']);
step('buf lint (STANDARD)', bin('buf'), ['lint']);
const protoc = which('protoc');
if (!protoc) {
  console.error('✖ protoc not found: install it (Debian: apt-get install protobuf-compiler; .ci/run does) — the protos must compile with a standard protoc');
  process.exit(1);
}
step('protoc compiles protos/facenas/v1', protoc, ['-I', 'protos', '--descriptor_set_out=/dev/null', ...['agent', 'common', 'dataset', 'profiler', 'search', 'trial'].map((f) => `protos/facenas/v1/${f}.proto`)]);
if (!existsSync(`${root}node_modules/.bin/vitest`)) {
  console.error('✖ vitest missing: run npm ci first');
  process.exit(1);
}
step('vitest', bin('vitest'), ['run', ...process.argv.slice(2)]);
console.log(`\nall checks passed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
