import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PORTS } from '../../services/common/config/service-options.js';
import { TRAINERS_CONSUMER, TRIALS_STREAM } from '../../services/common/bus/subjects.js';
import { NAMESPACE, SETUPS } from './deployment-setups.js';
import { readKustomization } from './kustomize/kustomization-file.js';
import { manifestId, parseManifests, type JsonObject, type Manifest } from './kustomize/manifest.js';
import { renderKustomization } from './kustomize/render-kustomization.js';
import { crossReferenceProblems, workloads, type Workload } from './validation/cross-references.js';
import { schemaProblems } from './validation/schema-validation.js';

// deploy/k8s rendered the way `kubectl apply -k` would (our renderer, no cluster),
// validated against the Kubernetes, KEDA and prometheus-operator schemas, checked for
// broken references, and held to what the services expect (ports, health service names,
// shutdown grace, the JetStream names the trainers use).

const SERVICES = ['controller', 'dataset', 'profiler', 'trainer'] as const;
type ServiceName = (typeof SERVICES)[number];
/** The gRPC service each server registers in grpc.health.v1 (trainers register none: "" is the server). */
const HEALTH_SERVICE: Record<ServiceName, string | undefined> = {
  controller: 'facenas.v1.SearchService',
  dataset: 'facenas.v1.DatasetService',
  profiler: 'facenas.v1.ProfilerService',
  trainer: undefined,
};

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? yamlFiles(join(dir, e.name)) : e.name.endsWith('.yaml') || e.name.endsWith('.yml') ? [join(dir, e.name)] : []));
}

function workloadOf(manifests: Manifest[], service: ServiceName): Workload {
  const w = workloads(manifests).find((x) => x.manifest.metadata.name === `facenas-${service}`);
  if (!w) throw new Error(`no Deployment facenas-${service}`);
  return w;
}

function envValue(w: Workload, name: string): string | undefined {
  return w.pod.containers[0].env?.find((e) => e.name === name)?.value;
}

function find(manifests: Manifest[], kind: string, name: string): Manifest {
  const m = manifests.find((x) => x.kind === kind && x.metadata.name === name);
  if (!m) throw new Error(`no ${kind}/${name}`);
  return m;
}

describe('deploy/ YAML files', () => {
  it('mean the same to YAML 1.1 readers (kubectl, Helm) and YAML 1.2 readers (kustomize)', () => {
    const ambiguous: string[] = [];
    for (const file of yamlFiles('deploy')) {
      const text = readFileSync(file, 'utf8');
      const v11 = parseAllDocuments(text, { version: '1.1' }).map((d) => d.toJS() as unknown);
      const v12 = parseAllDocuments(text, { version: '1.2' }).map((d) => d.toJS() as unknown);
      if (!isDeepStrictEqual(v11, v12)) ambiguous.push(file);
    }
    expect(ambiguous).toEqual([]);
    // The check itself: an octal-looking mode and an unquoted `on` read differently.
    const tricky = 'defaultMode: 0440\nenabled: on\n';
    expect(parseAllDocuments(tricky, { version: '1.1' })[0].toJS()).toEqual({ defaultMode: 288, enabled: true });
    expect(parseAllDocuments(tricky, { version: '1.2' })[0].toJS()).toEqual({ defaultMode: 440, enabled: 'on' });
  });

  it('each resource file (every file a kustomization lists under resources) is valid on its own', () => {
    const kustomizationDirs = yamlFiles('deploy/k8s')
      .filter((f) => f.endsWith('kustomization.yaml'))
      .map(dirname);
    const resourceFiles = kustomizationDirs.flatMap((dir) =>
      readKustomization(dir)
        .resources.map((r) => resolve(dir, r))
        .filter((path) => path.endsWith('.yaml')),
    );
    expect(resourceFiles.length).toBeGreaterThanOrEqual(8);
    const problems = resourceFiles.flatMap((file) =>
      parseManifests(readFileSync(file, 'utf8'), file).flatMap((m) => schemaProblems(m).map((p) => `${relative(process.cwd(), file)} ${manifestId(m)}: ${p}`)),
    );
    expect(problems).toEqual([]);
  });
});

describe.each(SETUPS)('the $name setup', (setup) => {
  const manifests = setup.render();

  it('renders the services, their monitors and the dashboard', () => {
    const ids = manifests.map((m) => `${m.kind}/${m.metadata.name}`).sort();
    const expected = [
      'ConfigMap/facenas-config',
      'ConfigMap/facenas-grafana-dashboard',
      ...SERVICES.flatMap((s) => [`Deployment/facenas-${s}`, `Service/facenas-${s}`, `ServiceMonitor/facenas-${s}`]),
      ...(setup.name === 'dev' ? ['Secret/facenas-agent-tokens', 'Secret/facenas-nats'] : ['ScaledObject/facenas-trainer', 'Service/facenas-profiler-edge']),
    ].sort();
    expect(ids).toEqual(expected);
    expect(manifests.filter((m) => m.metadata.namespace !== NAMESPACE).map(manifestId)).toEqual([]);
  });

  it('validates against the Kubernetes, KEDA and prometheus-operator schemas with no unknown fields', () => {
    expect(manifests.flatMap((m) => schemaProblems(m).map((p) => `${manifestId(m)}: ${p}`))).toEqual([]);
  });

  it('has no broken reference between objects', () => {
    expect(crossReferenceProblems(manifests, setup.external)).toEqual([]);
  });

  it.each(SERVICES)('runs %s on its default ports with probes on them', (service) => {
    const w = workloadOf(manifests, service);
    const [container] = w.pod.containers;
    const ports = DEFAULT_PORTS[service];
    expect(container.args?.slice(0, 2)).toEqual(['serve', service]);
    expect(container.ports).toEqual([
      { name: 'grpc', containerPort: ports.grpc },
      { name: 'metrics', containerPort: ports.metrics },
    ]);
    expect(envValue(w, 'FACENAS_GRPC_PORT')).toBe(String(ports.grpc));
    expect(envValue(w, 'FACENAS_METRICS_PORT')).toBe(String(ports.metrics));
    // Liveness must keep answering through the SIGTERM drain, when gRPC health is NOT_SERVING.
    expect(container.livenessProbe).toMatchObject({ httpGet: { path: '/healthz', port: 'metrics' } });
    const tlsServer = setup.name === 'gpu + tls' && service !== 'trainer';
    for (const probe of [container.startupProbe, container.readinessProbe]) {
      if (tlsServer) expect(probe).toMatchObject({ tcpSocket: { port: 'grpc' } });
      else expect(probe?.grpc).toEqual(HEALTH_SERVICE[service] === undefined ? { port: ports.grpc } : { port: ports.grpc, service: HEALTH_SERVICE[service] });
    }
  });

  it('runs every container as non-root on a read-only root filesystem with requests and limits', () => {
    for (const w of workloads(manifests)) {
      const pod = (w.manifest.spec as JsonObject).template as { spec: { securityContext: JsonObject; automountServiceAccountToken: boolean } };
      expect(pod.spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001 });
      expect(pod.spec.automountServiceAccountToken).toBe(false);
      for (const c of w.pod.containers as unknown as Array<{ securityContext: JsonObject; resources: { requests: JsonObject; limits: JsonObject } }>) {
        expect(c.securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
        expect(Object.keys(c.resources.requests).sort()).toEqual(['cpu', 'memory']);
        expect(c.resources.limits).toHaveProperty('cpu');
        expect(c.resources.limits).toHaveProperty('memory');
      }
    }
  });

  it('gives every pod longer to stop than its service takes to drain', () => {
    for (const w of workloads(manifests)) {
      const graceSeconds = ((w.manifest.spec as JsonObject).template as { spec: { terminationGracePeriodSeconds: number } }).spec.terminationGracePeriodSeconds;
      const drainMs = Number(envValue(w, 'FACENAS_SHUTDOWN_GRACE_MS'));
      expect(drainMs, manifestId(w.manifest)).toBeGreaterThan(0);
      // 10 s on top of the drain for stopping consumers, naking the job and closing NATS.
      expect(graceSeconds * 1000, manifestId(w.manifest)).toBeGreaterThanOrEqual(drainMs + 10_000);
    }
  });

  it('points the services at each other through the ConfigMap', () => {
    const config = find(manifests, 'ConfigMap', 'facenas-config').data as Record<string, string>;
    expect(config.FACENAS_PROFILER_ADDR).toBe(`facenas-profiler:${DEFAULT_PORTS.profiler.grpc}`);
    expect(config.FACENAS_DATASET_ADDR).toBe(`facenas-dataset:${DEFAULT_PORTS.dataset.grpc}`);
    const profiler = workloadOf(manifests, 'profiler');
    const tokensMount = profiler.pod.containers[0].volumeMounts?.find((m) => m.name === 'agent-tokens');
    expect(config.FACENAS_AGENT_TOKENS_FILE).toBe(`${tokensMount?.mountPath}/tokens`);
  });

  it('labels every ServiceMonitor for kube-prometheus-stack', () => {
    const monitors = manifests.filter((m) => m.kind === 'ServiceMonitor');
    expect(monitors).toHaveLength(4);
    for (const m of monitors) expect(m.metadata.labels?.release).toBe('kube-prometheus-stack');
  });
});

describe('the dev overlay', () => {
  const manifests = renderKustomization('deploy/k8s/overlays/dev');

  it('runs one CPU trainer from the local image', () => {
    const trainer = workloadOf(manifests, 'trainer');
    expect((trainer.manifest.spec as JsonObject).replicas).toBe(1);
    for (const w of workloads(manifests)) expect(w.pod.containers[0].image).toBe('facenas:dev');
    expect(envValue(trainer, 'FACENAS_BACKEND')).toBeUndefined();
  });
});

describe('the gpu overlay', () => {
  const manifests = renderKustomization('deploy/k8s/overlays/gpu');
  const trainer = workloadOf(manifests, 'trainer');
  const podSpec = ((trainer.manifest.spec as JsonObject).template as { spec: JsonObject }).spec;

  it('puts trainers on the GPU pool with one GPU each and the tfjs-node-gpu image', () => {
    const [container] = trainer.pod.containers as unknown as Array<{ image: string; resources: { limits: JsonObject } }>;
    expect(container.image).toBe('registry.example.com/facenas/facenas-gpu:0.1.0');
    expect(container.resources.limits['nvidia.com/gpu']).toBe('1');
    expect(podSpec.nodeSelector).toEqual({ 'nvidia.com/gpu.present': 'true' });
    expect(podSpec.tolerations).toEqual([{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }]);
    expect(envValue(trainer, 'FACENAS_BACKEND')).toBe('tensorflow');
    for (const service of ['controller', 'dataset', 'profiler'] as const) {
      expect(workloadOf(manifests, service).pod.containers[0].image).toBe('registry.example.com/facenas/facenas:0.1.0');
    }
  });

  it('lets a trainer finish or hand back a long trial before the kubelet kills it', () => {
    expect(Number(envValue(trainer, 'FACENAS_SHUTDOWN_GRACE_MS'))).toBeGreaterThanOrEqual(10 * 60_000);
    expect(podSpec.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(10 * 60 + 10);
  });

  it('scales trainers from zero on the lag of the consumer the trainers pull from', () => {
    const scaled = find(manifests, 'ScaledObject', 'facenas-trainer').spec as {
      scaleTargetRef: JsonObject;
      minReplicaCount: number;
      maxReplicaCount: number;
      triggers: Array<{ type: string; metadata: Record<string, string> }>;
    };
    expect(scaled.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'facenas-trainer' });
    expect(scaled.minReplicaCount).toBe(0);
    expect(scaled.maxReplicaCount).toBeGreaterThanOrEqual(1);
    expect(scaled.triggers).toHaveLength(1);
    const [trigger] = scaled.triggers;
    expect(trigger.type).toBe('nats-jetstream');
    expect(trigger.metadata).toMatchObject({ account: '$G', stream: TRIALS_STREAM, consumer: TRAINERS_CONSUMER, lagThreshold: '1' });
    // The parameters KEDA's nats-jetstream scaler reads; a misspelt one is silently ignored there.
    const KNOWN = ['natsServerMonitoringEndpoint', 'account', 'stream', 'consumer', 'lagThreshold', 'activationLagThreshold', 'useHttps'];
    expect(Object.keys(trigger.metadata).filter((k) => !KNOWN.includes(k))).toEqual([]);
    expect(trigger.metadata.natsServerMonitoringEndpoint).toMatch(/^nats-headless\.nats\.svc\.cluster\.local:\d+$/);
  });
});

describe('broken manifests are rejected', () => {
  const valid = renderKustomization('deploy/k8s/overlays/dev');
  type Mutable = { spec: any; metadata: any };
  function broken(kind: string, name: string, change: (m: Mutable) => void): Manifest[] {
    return valid.map((m) => {
      if (m.kind !== kind || m.metadata.name !== name) return m;
      const copy = structuredClone(m);
      change(copy as unknown as Mutable);
      return copy;
    });
  }
  const allProblems = (ms: Manifest[]) => [...ms.flatMap((m) => schemaProblems(m)), ...crossReferenceProblems(ms)];

  it('starts from a valid set', () => {
    expect(allProblems(valid)).toEqual([]);
  });

  it.each([
    ['a wrong field type', 'Deployment', 'facenas-trainer', (m: Mutable) => (m.spec.replicas = 'one'), /spec\/replicas must be integer/],
    ['a misspelt field', 'Deployment', 'facenas-controller', (m: Mutable) => (m.spec.template.spec.containers[0].readinesProbe = { grpc: { port: 50051 } }), /unknown field spec\.template\.spec\.containers\.0\.readinesProbe/],
    ['a gRPC probe on a named port', 'Deployment', 'facenas-dataset', (m: Mutable) => (m.spec.template.spec.containers[0].readinessProbe.grpc.port = 'grpc'), /readinessProbe\/grpc\/port must be integer/],
    ['a probe on a port the container does not open', 'Deployment', 'facenas-profiler', (m: Mutable) => (m.spec.template.spec.containers[0].readinessProbe.grpc.port = 50099), /profiler readinessProbe: port 50099 is not a port/],
    [
      'a probe with two handlers',
      'Deployment',
      'facenas-controller',
      (m: Mutable) => (m.spec.template.spec.containers[0].startupProbe.tcpSocket = { port: 'grpc' }),
      /startupProbe: needs exactly one of .* has tcpSocket, grpc/,
    ],
    ['a Service selecting no pods', 'Service', 'facenas-dataset', (m: Mutable) => (m.spec.selector['app.kubernetes.io/component'] = 'datasets'), /Service\/facenas\/facenas-dataset: selector .* matches no workload/],
    ['a Service port no container opens', 'Service', 'facenas-controller', (m: Mutable) => (m.spec.ports[1].targetPort = 'prometheus'), /targets prometheus, which .*facenas-controller does not open/],
    ['a ServiceMonitor on a missing port', 'ServiceMonitor', 'facenas-trainer', (m: Mutable) => (m.spec.endpoints[0].port = 'http-metrics'), /endpoint port http-metrics is not a named port/],
    ['a missing Secret', 'Deployment', 'facenas-trainer', (m: Mutable) => (m.spec.template.spec.containers[0].envFrom[1].secretRef.name = 'nats-credentials'), /Secret nats-credentials is neither in the manifests/],
    ['a missing Secret key', 'Deployment', 'facenas-profiler', (m: Mutable) => (m.spec.template.spec.volumes[1].secret.items[0].key = 'agent-tokens'), /Secret facenas-agent-tokens has no key agent-tokens/],
    ['an argument using an undefined variable', 'Deployment', 'facenas-controller', (m: Mutable) => (m.spec.template.spec.containers[0].args[2] = '--profiler-addr=$(PROFILER_ADDR)'), /uses \$\(PROFILER_ADDR\), which is not in its environment/],
  ])('%s', (_what, kind, name, change, message) => {
    const problems = allProblems(broken(kind, name, change));
    expect(problems.join('\n')).toMatch(message);
  });

  it('a ScaledObject whose target is missing or has a fixed replica count', () => {
    const gpu = renderKustomization('deploy/k8s/overlays/gpu');
    const retargeted = gpu.map((m) => (m.kind === 'ScaledObject' ? { ...m, spec: { ...(m.spec as JsonObject), scaleTargetRef: { name: 'facenas-trainers' } } } : m));
    expect(crossReferenceProblems(retargeted)).toContain('ScaledObject/facenas/facenas-trainer: scaleTargetRef Deployment/facenas-trainers is not in the manifests');
    const pinned = gpu.map((m) => (m.kind === 'Deployment' && m.metadata.name === 'facenas-trainer' ? { ...m, spec: { ...(m.spec as JsonObject), replicas: 2 } } : m));
    expect(crossReferenceProblems(pinned).join('\n')).toMatch(/sets spec\.replicas; leave the count to KEDA/);
  });
});
