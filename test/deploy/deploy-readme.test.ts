import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OPERATOR_SECRETS, TLS_SECRET } from './deployment-setups.js';
import { renderKustomization } from './kustomize/render-kustomization.js';
import { workloads } from './validation/cross-references.js';

// deploy/README.md walks an operator through the install; its commands must create what
// the manifests read and name files that exist, and its numbers must be the manifests'.

const readme = readFileSync('deploy/README.md', 'utf8');

describe('deploy/README.md', () => {
  it.each([...OPERATOR_SECRETS, TLS_SECRET])('creates the Secret $name with the keys the manifests read', (secret) => {
    const command = new RegExp(`kubectl -n facenas create secret generic ${secret.name}((?:\\s*\\\\\\n\\s*|\\s+)--from-[^\\n\\\\]+)+`).exec(readme);
    expect(command, `no command creating ${secret.name}`).not.toBeNull();
    const keys = [...(command?.[0] ?? '').matchAll(/--from-(?:literal|file)=([^=\s]+)=/g)].map((m) => m[1]);
    expect(keys.sort()).toEqual([...secret.keys].sort());
  });

  it('creates the Secrets the Helm values read', () => {
    const nats = readFileSync('deploy/helm/nats-values.yaml', 'utf8');
    expect(nats).toContain('name: facenas-nats-auth');
    expect(readme).toMatch(/kubectl -n nats create secret generic facenas-nats-auth --from-literal=password=/);
    expect(readme).toMatch(/kubectl -n monitoring create secret generic grafana-admin\s*\\?\s*--from-literal=admin-user=\S+ --from-literal=admin-password=/);
  });

  it('installs each chart under the release name and values file the manifests assume', () => {
    expect(readme).toMatch(/helm install kube-prometheus-stack prometheus-community\/kube-prometheus-stack \\\n\s+-n monitoring -f deploy\/helm\/kube-prometheus-stack-values\.yaml/);
    expect(readme).toContain('helm install nats nats/nats -n nats -f deploy/helm/nats-values.yaml');
    expect(readme).toContain('helm install keda kedacore/keda -n keda --create-namespace -f deploy/helm/keda-values.yaml');
    expect(readme).toContain('kubectl apply -k deploy/k8s/overlays/gpu');
  });

  it('names only files that exist', () => {
    const paths = [...readme.matchAll(/(?:deploy\/)?(?:k8s|helm|docker|grafana|prometheus)\/[\w./-]+\.(?:yaml|yml|json)|deploy\/docker\/Dockerfile(?:\.gpu)?/g)].map((m) =>
      m[0].startsWith('deploy/') ? m[0] : `deploy/${m[0]}`,
    );
    expect(paths.length).toBeGreaterThanOrEqual(10);
    expect(paths.filter((p) => !existsSync(p))).toEqual([]);
  });

  it('states the trainer limits the gpu overlay sets', () => {
    const gpu = renderKustomization('deploy/k8s/overlays/gpu');
    const scaled = gpu.find((m) => m.kind === 'ScaledObject')?.spec as { maxReplicaCount: number };
    expect(readme).toContain(`at most ${scaled.maxReplicaCount};`);
    const trainer = workloads(gpu).find((w) => w.manifest.metadata.name === 'facenas-trainer');
    const graceMs = Number(trainer?.pod.containers[0].env?.find((e) => e.name === 'FACENAS_SHUTDOWN_GRACE_MS')?.value);
    expect(readme).toContain(`finishes its trial within ${graceMs / 60_000} minutes`);
  });
});
