import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderKustomization } from './kustomize/render-kustomization.js';
import { workloads } from './validation/cross-references.js';

// No image is built here (no Docker daemon, and the GPU image downloads libtensorflow):
// what can be checked offline is that the Dockerfiles copy what exists, run what the
// manifests expect, and pin tfjs-node-gpu to the tfjs version the engine's kernels rely on.

const cpu = readFileSync('deploy/docker/Dockerfile', 'utf8');
const gpu = readFileSync('deploy/docker/Dockerfile.gpu', 'utf8');
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string>; bin: Record<string, string> };

function instructions(dockerfile: string, name: string): string[] {
  return dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .filter((line) => line.startsWith(`${name} `))
    .map((line) => line.slice(name.length + 1).trim());
}

describe.each([
  ['Dockerfile', cpu],
  ['Dockerfile.gpu', gpu],
])('%s', (_name, dockerfile) => {
  it('copies only files that exist in the repository', () => {
    const sources = instructions(dockerfile, 'COPY')
      .filter((args) => !args.startsWith('--from='))
      .flatMap((args) => args.split(/\s+/).slice(0, -1));
    expect(sources.length).toBeGreaterThanOrEqual(5);
    expect(sources.filter((s) => !existsSync(s))).toEqual([]);
    expect(sources).toEqual(expect.arrayContaining(['bin', 'services', 'package-lock.json']));
  });

  it('installs the locked production dependencies and runs the facenas bin as the manifests\' uid', () => {
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    expect(instructions(dockerfile, 'ENTRYPOINT')).toEqual([`["node", "${pkg.bin.facenas}"]`]);
    const [user] = instructions(dockerfile, 'USER');
    const podSecurity = workloads(renderKustomization('deploy/k8s/overlays/dev')).map(
      (w) => ((w.manifest.spec as { template: { spec: { securityContext: { runAsUser: number; runAsGroup: number } } } }).template.spec.securityContext),
    );
    for (const s of podSecurity) expect(user).toBe(`${s.runAsUser}:${s.runAsGroup}`);
  });
});

describe('Dockerfile.gpu', () => {
  it('adds tfjs-node-gpu at the exact tfjs version the project pins', () => {
    expect(pkg.dependencies['@tensorflow/tfjs']).toMatch(/^\d+\.\d+\.\d+$/);
    expect(gpu).toContain(`ARG TFJS_VERSION=${pkg.dependencies['@tensorflow/tfjs']}`);
    expect(gpu).toMatch(/npm install --no-save [^\n]*"@tensorflow\/tfjs-node-gpu@\$\{TFJS_VERSION\}"/);
    expect(instructions(gpu, 'FROM').at(-1)).toBe('${CUDA_IMAGE}');
    expect(gpu).toMatch(/ARG CUDA_IMAGE=nvidia\/cuda:11\.\d+\.\d+-cudnn8-runtime-ubuntu\d+\.\d+/);
  });
});
