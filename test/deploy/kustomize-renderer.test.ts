import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderKustomization, splitImage } from './kustomize/render-kustomization.js';
import { strategicMerge } from './kustomize/strategic-merge.js';
import type { JsonObject } from './kustomize/manifest.js';

// The renderer on small kustomizations whose `kustomize build` output is worked out by
// hand from kustomize's documented behaviour.

let root: string;

/** The parts of a rendered Deployment these tests look at. */
interface RenderedDeployment {
  metadata: Record<string, unknown>;
  spec: {
    replicas?: number;
    selector: unknown;
    template: { metadata: { labels: Record<string, string> }; spec: { containers: Array<{ image: string; env?: unknown; readinessProbe?: unknown }> } };
  };
}

function write(files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'facenas-kustomize-'));
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      tolerations:
        - {key: a, operator: Exists}
      containers:
        - name: web
          image: registry.local/web:1.0
          env:
            - {name: A, value: "1"}
            - {name: B, value: "2"}
          ports:
            - {name: http, containerPort: 8080}
          readinessProbe:
            grpc: {port: 8080}
        - name: sidecar
          image: busybox
`;

describe('strategic merge patch', () => {
  it('merges containers and env by name, replaces lists without a merge key, and deletes on null', () => {
    const base = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: {
        template: {
          spec: {
            tolerations: [{ key: 'a', operator: 'Exists' }],
            containers: [
              { name: 'web', image: 'web:1', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }], readinessProbe: { grpc: { port: 1 }, periodSeconds: 5 } },
              { name: 'sidecar', image: 'busybox' },
            ],
          },
        },
      },
    };
    const patch = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: {
        template: {
          spec: {
            tolerations: [{ key: 'b', operator: 'Exists' }],
            containers: [{ name: 'web', env: [{ name: 'B', value: '20' }, { name: 'C', value: '3' }], readinessProbe: { grpc: null, tcpSocket: { port: 1 } } }],
          },
        },
      },
    };
    const merged = strategicMerge(base, patch) as typeof base;
    const spec = merged.spec.template.spec;
    expect(spec.tolerations).toEqual([{ key: 'b', operator: 'Exists' }]);
    expect(spec.containers.map((c) => c.name)).toEqual(['web', 'sidecar']);
    expect(spec.containers[0].image).toBe('web:1');
    // kustomize's order: the patch's elements, then the originals it does not name.
    expect(spec.containers[0].env).toEqual([
      { name: 'B', value: '20' },
      { name: 'C', value: '3' },
      { name: 'A', value: '1' },
    ]);
    expect(spec.containers[0].readinessProbe).toEqual({ tcpSocket: { port: 1 }, periodSeconds: 5 });
    expect(base.spec.template.spec.containers[0].env).toHaveLength(2);
  });

  it('merges Service ports on port and container ports on containerPort', () => {
    const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ name: 'a', port: 80, targetPort: 8080 }] } };
    const merged = strategicMerge(service, { spec: { ports: [{ port: 80, targetPort: 9090 }, { name: 'b', port: 81 }] } });
    expect((merged.spec as JsonObject).ports).toEqual([
      { name: 'a', port: 80, targetPort: 9090 },
      { name: 'b', port: 81 },
    ]);
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', ports: [{ name: 'x', containerPort: 1 }] }] } };
    const mergedPod = strategicMerge(pod, { spec: { containers: [{ name: 'c', ports: [{ containerPort: 1, protocol: 'UDP' }] }] } });
    expect(((mergedPod.spec as JsonObject).containers as JsonObject[])[0].ports).toEqual([{ name: 'x', containerPort: 1, protocol: 'UDP' }]);
  });

  it('replaces the lists of custom resources, which carry no merge keys', () => {
    const scaled = { apiVersion: 'keda.sh/v1alpha1', kind: 'ScaledObject', metadata: { name: 'x' }, spec: { triggers: [{ type: 'cpu' }, { type: 'memory' }] } };
    const merged = strategicMerge(scaled, { spec: { triggers: [{ type: 'nats-jetstream' }] } });
    expect((merged.spec as JsonObject).triggers).toEqual([{ type: 'nats-jetstream' }]);
  });

  it('rejects directives it does not implement', () => {
    expect(() => strategicMerge({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } }, { data: { $patch: 'replace' } })).toThrow(/\$patch .*not supported/);
  });
});

describe('renderKustomization', () => {
  it('applies patches, images, labels and namespace in kustomize order', () => {
    write({
      'base/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [app.yaml]\n',
      'base/app.yaml': `${DEPLOYMENT}---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: apps\n`,
      'overlay/kustomization.yaml': `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: apps
labels:
  - pairs: {team: faces}
    includeTemplates: true
resources: [../base]
images:
  - {name: registry.local/web, newName: example.com/web, newTag: "2.0"}
  - {name: busybox, newTag: "1.36"}
patches:
  - path: patch.yaml
  - target: {kind: Deployment, name: w.b}
    patch: |
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: any
      spec:
        replicas: 3
`,
      'overlay/patch.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          env:\n            - {name: A, value: "10"}\n',
    });
    const [deployment, namespace] = renderKustomization(join(root, 'overlay')) as unknown as [RenderedDeployment, { metadata: Record<string, unknown> }];
    expect(deployment.metadata).toEqual({ name: 'web', namespace: 'apps', labels: { team: 'faces' } });
    expect(deployment.spec.replicas).toBe(3);
    expect(deployment.spec.selector).toEqual({ matchLabels: { app: 'web' } });
    expect(deployment.spec.template.metadata.labels).toEqual({ app: 'web', team: 'faces' });
    expect(deployment.spec.template.spec.containers[0].image).toBe('example.com/web:2.0');
    expect(deployment.spec.template.spec.containers[0].env).toEqual([
      { name: 'A', value: '10' },
      { name: 'B', value: '2' },
    ]);
    expect(deployment.spec.template.spec.containers[1].image).toBe('busybox:1.36');
    // Namespaces are cluster-scoped: the namespace transformer leaves them alone.
    expect(namespace.metadata).toEqual({ name: 'apps', labels: { team: 'faces' } });
  });

  it('generates ConfigMaps from files and literals, without name hashes', () => {
    write({
      'k/kustomization.yaml': `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
configMapGenerator:
  - name: dash
    files: [board.json, renamed.txt=other.txt]
    literals: [MODE=fast=yes]
    options:
      disableNameSuffixHash: true
      labels: {grafana_dashboard: "1"}
`,
      'k/board.json': '{"a":1}\n',
      'k/other.txt': 'x',
    });
    expect(renderKustomization(join(root, 'k'))).toEqual([
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'dash', labels: { grafana_dashboard: '1' } }, data: { 'board.json': '{"a":1}\n', 'renamed.txt': 'x', MODE: 'fast=yes' } },
    ]);
  });

  it('applies a component to the resources of the kustomization that lists it', () => {
    write({
      'base/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [app.yaml]\n',
      'base/app.yaml': DEPLOYMENT,
      'tls/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\npatches:\n  - path: tls.yaml\n',
      'tls/tls.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          readinessProbe:\n            grpc: null\n            tcpSocket: {port: http}\n',
      'prod/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [../base]\ncomponents: [../tls]\n',
    });
    const [deployment] = renderKustomization(join(root, 'prod')) as unknown as RenderedDeployment[];
    expect(deployment.spec.template.spec.containers[0].readinessProbe).toEqual({ tcpSocket: { port: 'http' } });
  });

  it('refuses what kustomize would refuse or this renderer cannot do', () => {
    const kustomization = (body: string) => `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n${body}`;
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ 'a/kustomization.yaml': kustomization('resources: [../outside.yaml]\n'), 'outside.yaml': DEPLOYMENT }, /outside the kustomization root/],
      [{ 'a/kustomization.yaml': kustomization('secretGenerator: []\n') }, /Unrecognized key.*secretGenerator/],
      [{ 'a/kustomization.yaml': kustomization('resources: [d.yaml]\npatches: [{path: p.yaml}]\n'), 'a/d.yaml': DEPLOYMENT, 'a/p.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: webb}\nspec: {replicas: 2}\n' }, /matches no resource/],
      [{ 'a/kustomization.yaml': kustomization('resources: [d.yaml]\npatches: [{path: p.yaml}]\n'), 'a/d.yaml': DEPLOYMENT, 'a/p.yaml': '- op: replace\n  path: /spec/replicas\n  value: 2\n' }, /JSON 6902/],
      [{ 'a/kustomization.yaml': kustomization('resources: [d.yaml]\npatches: [{target: {kind: Deployment}, patch: "spec: {replicas: 2}"}]\n'), 'a/d.yaml': DEPLOYMENT }, /needs apiVersion, kind and metadata\.name/],
      [{ 'a/kustomization.yaml': kustomization('resources: [d.yaml, e.yaml]\n'), 'a/d.yaml': DEPLOYMENT, 'a/e.yaml': DEPLOYMENT }, /same id Deployment\/web/],
      [{ 'a/kustomization.yaml': kustomization('configMapGenerator: [{name: c, literals: [A=1]}]\n') }, /disableNameSuffixHash/],
      [{ 'a/kustomization.yaml': kustomization('components: [../b]\n'), 'b/kustomization.yaml': kustomization('') }, /is a Kustomization, not a Component/],
    ];
    for (const [files, error] of cases) {
      rmSync(root, { recursive: true, force: true });
      mkdirSync(root);
      write(files);
      expect(() => renderKustomization(join(root, 'a'))).toThrow(error);
    }
  });
});

describe('splitImage', () => {
  it('separates registry ports from tags and keeps digests', () => {
    expect(splitImage('localhost:5000/facenas')).toEqual({ name: 'localhost:5000/facenas', tag: undefined, digest: undefined });
    expect(splitImage('localhost:5000/facenas:dev')).toEqual({ name: 'localhost:5000/facenas', tag: 'dev', digest: undefined });
    expect(splitImage('facenas@sha256:abc')).toEqual({ name: 'facenas', tag: undefined, digest: 'sha256:abc' });
  });
});
