#!/usr/bin/env node
// Generates the typed gRPC stubs from protos/ with proto-loader-gen-types (no protoc download).
// `--check` regenerates into a temp folder and fails when the checked-in stubs differ.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, rmSync, statSync, existsSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = join(root, 'services/common/generated');
const protoDir = join(root, 'protos');
const protos = readdirSync(join(protoDir, 'facenas/v1'))
  .filter((f) => f.endsWith('.proto'))
  .sort()
  .map((f) => `facenas/v1/${f}`);

// Must match the options of services/common/grpc/proto-loader-options.ts.
function generate(dir) {
  execFileSync(
    join(root, 'node_modules/.bin/proto-loader-gen-types'),
    [
      '--longs=Number', '--enums=String', '--defaults', '--oneofs', '--arrays',
      '--grpcLib=@grpc/grpc-js', '--importFileExtension=.js', '-I', protoDir, '-O', dir, ...protos,
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  // The generator writes the proto's absolute path into each header; keep the stubs clone-independent.
  for (const file of listFiles(dir)) {
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.split(`${protoDir}/`).join('protos/'));
  }
}

function listFiles(dir) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...listFiles(p));
    else out.push(p);
  }
  return out;
}

const tmp = mkdtempSync(join(tmpdir(), 'facenas-gen-'));
try {
  generate(tmp);
  if (process.argv.includes('--check')) {
    const fresh = listFiles(tmp).map((p) => relative(tmp, p)).sort();
    const current = listFiles(outDir).map((p) => relative(outDir, p)).sort();
    const differ = [];
    for (const f of new Set([...fresh, ...current])) {
      const a = existsSync(join(tmp, f)) ? readFileSync(join(tmp, f), 'utf8') : null;
      const b = existsSync(join(outDir, f)) ? readFileSync(join(outDir, f), 'utf8') : null;
      if (a !== b) differ.push(f);
    }
    if (differ.length > 0) {
      console.error(`generated stubs are out of date (run npm run gen:protos): ${differ.join(', ')}`);
      process.exit(1);
    }
    console.log(`generated stubs up to date (${fresh.length} files)`);
  } else {
    rmSync(outDir, { recursive: true, force: true });
    cpSync(tmp, outDir, { recursive: true });
    console.log(`wrote ${listFiles(outDir).length} files to ${relative(root, outDir)}`);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
