import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import type { Manifest } from './kustomize/manifest.js';
import { renderKustomization } from './kustomize/render-kustomization.js';
import type { ExternalObject } from './validation/cross-references.js';

// The ways deploy/k8s is meant to be applied, and what the operator creates by hand for
// each (deploy/README.md, "Secrets"): everything else must be in the rendered output.

export const NAMESPACE = 'facenas';

/** Secrets the operator creates with kubectl, with the keys the manifests read. */
export const OPERATOR_SECRETS: ExternalObject[] = [
  { kind: 'Secret', name: 'facenas-nats', keys: ['NATS_URL', 'NATS_USER', 'NATS_PASSWORD'] },
  { kind: 'Secret', name: 'facenas-agent-tokens', keys: ['tokens'] },
];
export const TLS_SECRET: ExternalObject = { kind: 'Secret', name: 'facenas-tls', keys: ['tls.crt', 'tls.key', 'ca.crt'] };

export interface DeploymentSetup {
  name: string;
  render(): Manifest[];
  external: ExternalObject[];
}

/** The gpu overlay with the TLS component, as an operator's own overlay would list them. */
function renderGpuWithTls(): Manifest[] {
  const dir = mkdtempSync(join(tmpdir(), 'facenas-overlay-'));
  try {
    const rel = (path: string) => relative(dir, resolve(path));
    writeFileSync(
      join(dir, 'kustomization.yaml'),
      `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ${rel('deploy/k8s/overlays/gpu')}\ncomponents:\n  - ${rel('deploy/k8s/components/tls')}\n`,
    );
    return renderKustomization(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const SETUPS: DeploymentSetup[] = [
  { name: 'dev', render: () => renderKustomization('deploy/k8s/overlays/dev'), external: [] },
  { name: 'gpu', render: () => renderKustomization('deploy/k8s/overlays/gpu'), external: OPERATOR_SECRETS },
  { name: 'gpu + tls', render: renderGpuWithTls, external: [...OPERATOR_SECRETS, TLS_SECRET] },
];
