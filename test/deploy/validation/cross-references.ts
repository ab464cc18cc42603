import { isObject, manifestId, type JsonObject, type Manifest } from '../kustomize/manifest.js';

// Checks between objects that no schema can make: a Service whose selector matches no
// pod, a probe on a port the container does not open, a Secret nobody created. Each
// finding names the object and the field.

/** A Secret or ConfigMap the operator creates outside the manifests, with the keys it must hold. */
export interface ExternalObject {
  kind: 'Secret' | 'ConfigMap';
  name: string;
  keys: string[];
}

export interface Container {
  name: string;
  image?: string;
  args?: string[];
  command?: string[];
  env?: Array<{ name: string; value?: string; valueFrom?: JsonObject }>;
  envFrom?: Array<{ configMapRef?: { name: string; optional?: boolean }; secretRef?: { name: string; optional?: boolean } }>;
  ports?: Array<{ name?: string; containerPort: number }>;
  volumeMounts?: Array<{ name: string; mountPath: string }>;
  startupProbe?: JsonObject;
  readinessProbe?: JsonObject;
  livenessProbe?: JsonObject;
}

interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  volumes?: Array<{ name: string; configMap?: { name: string; optional?: boolean; items?: Array<{ key: string }> }; secret?: { secretName: string; optional?: boolean; items?: Array<{ key: string }> } }>;
}

export interface Workload {
  manifest: Manifest;
  podLabels: Record<string, string>;
  pod: PodSpec;
}

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Job']);

export function workloads(manifests: Manifest[]): Workload[] {
  return manifests
    .filter((m) => WORKLOAD_KINDS.has(m.kind))
    .map((m) => {
      const template = (m.spec as JsonObject).template as JsonObject;
      return {
        manifest: m,
        podLabels: ((template.metadata as JsonObject | undefined)?.labels ?? {}) as Record<string, string>,
        pod: template.spec as unknown as PodSpec,
      };
    });
}

function selects(selector: Record<string, string>, labels: Record<string, string> | undefined): boolean {
  return Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels?.[k] === v);
}

function sameNamespace(a: Manifest, b: Manifest): boolean {
  return (a.metadata.namespace ?? '') === (b.metadata.namespace ?? '');
}

function keysOf(m: Manifest): string[] {
  return [m.data, m.binaryData, m.stringData].flatMap((block) => (isObject(block) ? Object.keys(block) : []));
}

/** Finds a referenced ConfigMap/Secret and says what is wrong with the reference, or nothing. */
function referenceProblem(
  manifests: Manifest[],
  external: ExternalObject[],
  from: Manifest,
  where: string,
  kind: 'Secret' | 'ConfigMap',
  name: string,
  keys: string[],
  optional: boolean | undefined,
): string | undefined {
  if (optional) return undefined;
  const rendered = manifests.find((m) => m.kind === kind && m.metadata.name === name && sameNamespace(m, from));
  const available = rendered ? keysOf(rendered) : external.find((e) => e.kind === kind && e.name === name)?.keys;
  if (!available) return `${manifestId(from)} ${where}: ${kind} ${name} is neither in the manifests nor created by the operator`;
  const missing = keys.filter((k) => !available.includes(k));
  if (missing.length > 0) return `${manifestId(from)} ${where}: ${kind} ${name} has no key ${missing.join(', ')}`;
  return undefined;
}

const PROBE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'] as const;

function probeProblems(id: string, container: Container): string[] {
  const problems: string[] = [];
  const ports = container.ports ?? [];
  for (const kind of ['startupProbe', 'readinessProbe', 'livenessProbe'] as const) {
    const probe = container[kind];
    if (!probe) continue;
    const where = `${id} container ${container.name} ${kind}`;
    const handlers = PROBE_HANDLERS.filter((h) => probe[h] !== undefined);
    if (handlers.length !== 1) {
      problems.push(`${where}: needs exactly one of ${PROBE_HANDLERS.join(', ')}, has ${handlers.length === 0 ? 'none' : handlers.join(', ')}`);
      continue;
    }
    const handler = probe[handlers[0]];
    if (!isObject(handler) || handlers[0] === 'exec') continue;
    const port = handler.port;
    const declared = typeof port === 'number' ? ports.some((p) => p.containerPort === port) : ports.some((p) => p.name === port);
    if (!declared) problems.push(`${where}: port ${String(port)} is not a port of the container`);
  }
  return problems;
}

function containerProblems(manifests: Manifest[], external: ExternalObject[], w: Workload, container: Container): string[] {
  const id = manifestId(w.manifest);
  const problems = probeProblems(id, container);
  const envNames = new Set<string>();
  for (const e of container.env ?? []) {
    if (envNames.has(e.name)) problems.push(`${id} container ${container.name}: env ${e.name} is set twice`);
    envNames.add(e.name);
    const ref = e.valueFrom;
    for (const [kind, field] of [['ConfigMap', 'configMapKeyRef'], ['Secret', 'secretKeyRef']] as const) {
      const r = ref?.[field];
      if (!isObject(r)) continue;
      const problem = referenceProblem(manifests, external, w.manifest, `env ${e.name}`, kind, String(r.name), [String(r.key)], r.optional === true);
      if (problem) problems.push(problem);
    }
  }
  for (const source of container.envFrom ?? []) {
    const [kind, ref] = source.configMapRef ? (['ConfigMap', source.configMapRef] as const) : (['Secret', source.secretRef] as const);
    if (!ref) continue;
    const problem = referenceProblem(manifests, external, w.manifest, `container ${container.name} envFrom`, kind, ref.name, [], ref.optional);
    if (problem) {
      problems.push(problem);
      continue;
    }
    const rendered = manifests.find((m) => m.kind === kind && m.metadata.name === ref.name && sameNamespace(m, w.manifest));
    for (const key of rendered ? keysOf(rendered) : external.find((e) => e.kind === kind && e.name === ref.name)?.keys ?? []) envNames.add(key);
  }
  // $(VAR) in args and command expands only variables the container defines.
  for (const arg of [...(container.command ?? []), ...(container.args ?? [])]) {
    for (const match of arg.matchAll(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g)) {
      if (!envNames.has(match[1])) problems.push(`${id} container ${container.name}: argument ${JSON.stringify(arg)} uses $(${match[1]}), which is not in its environment`);
    }
  }
  const volumes = new Set((w.pod.volumes ?? []).map((v) => v.name));
  for (const mount of container.volumeMounts ?? []) {
    if (!volumes.has(mount.name)) problems.push(`${id} container ${container.name}: volumeMount ${mount.name} names no volume of the pod`);
  }
  return problems;
}

function workloadProblems(manifests: Manifest[], external: ExternalObject[], w: Workload): string[] {
  const id = manifestId(w.manifest);
  const problems: string[] = [];
  const selector = (((w.manifest.spec as JsonObject).selector as JsonObject | undefined)?.matchLabels ?? {}) as Record<string, string>;
  if (!selects(selector, w.podLabels)) problems.push(`${id}: spec.selector does not match its own pod template labels`);
  for (const volume of w.pod.volumes ?? []) {
    const [kind, name, items, optional] = volume.configMap
      ? (['ConfigMap', volume.configMap.name, volume.configMap.items, volume.configMap.optional] as const)
      : volume.secret
        ? (['Secret', volume.secret.secretName, volume.secret.items, volume.secret.optional] as const)
        : [undefined, '', undefined, undefined];
    if (!kind) continue;
    const problem = referenceProblem(manifests, external, w.manifest, `volume ${volume.name}`, kind, name, (items ?? []).map((i) => i.key), optional);
    if (problem) problems.push(problem);
  }
  for (const container of [...w.pod.containers, ...(w.pod.initContainers ?? [])]) problems.push(...containerProblems(manifests, external, w, container));
  return problems;
}

function serviceProblems(manifests: Manifest[], service: Manifest): string[] {
  const id = manifestId(service);
  const spec = service.spec as { selector?: Record<string, string>; ports?: Array<{ name?: string; port: number; targetPort?: number | string }> };
  const backends = workloads(manifests).filter((w) => sameNamespace(w.manifest, service) && selects(spec.selector ?? {}, w.podLabels));
  if (backends.length === 0) return [`${id}: selector ${JSON.stringify(spec.selector ?? {})} matches no workload's pods`];
  const problems: string[] = [];
  for (const port of spec.ports ?? []) {
    const target = port.targetPort ?? port.port;
    for (const w of backends) {
      const ports = w.pod.containers.flatMap((c) => c.ports ?? []);
      const found = typeof target === 'number' ? ports.some((p) => p.containerPort === target) : ports.some((p) => p.name === target);
      if (!found) problems.push(`${id}: port ${port.name ?? port.port} targets ${String(target)}, which ${manifestId(w.manifest)} does not open`);
    }
  }
  return problems;
}

function serviceMonitorProblems(manifests: Manifest[], monitor: Manifest): string[] {
  const id = manifestId(monitor);
  const spec = monitor.spec as { selector?: { matchLabels?: Record<string, string> }; namespaceSelector?: unknown; endpoints?: Array<{ port?: string }> };
  if (spec.namespaceSelector !== undefined) return [`${id}: namespaceSelector is not checked here; select Services in the monitor's own namespace`];
  const services = manifests.filter((m) => m.kind === 'Service' && sameNamespace(m, monitor) && selects(spec.selector?.matchLabels ?? {}, m.metadata.labels));
  if (services.length === 0) return [`${id}: selector matches no Service's labels`];
  const problems: string[] = [];
  for (const endpoint of spec.endpoints ?? []) {
    for (const service of services) {
      const ports = ((service.spec as JsonObject).ports ?? []) as Array<{ name?: string }>;
      if (!ports.some((p) => p.name === endpoint.port)) problems.push(`${id}: endpoint port ${String(endpoint.port)} is not a named port of ${manifestId(service)}`);
    }
  }
  return problems;
}

function scaledObjectProblems(manifests: Manifest[], scaled: Manifest): string[] {
  const id = manifestId(scaled);
  const ref = (scaled.spec as { scaleTargetRef: { name: string; kind?: string } }).scaleTargetRef;
  const kind = ref.kind ?? 'Deployment';
  const target = manifests.find((m) => m.kind === kind && m.metadata.name === ref.name && sameNamespace(m, scaled));
  if (!target) return [`${id}: scaleTargetRef ${kind}/${ref.name} is not in the manifests`];
  // A fixed replica count in the target is reset on every apply, undoing the autoscaler's choice.
  if ((target.spec as JsonObject).replicas !== undefined) return [`${id}: its target ${manifestId(target)} sets spec.replicas; leave the count to KEDA`];
  return [];
}

/** Every broken reference between the objects, as messages naming object and field. */
export function crossReferenceProblems(manifests: Manifest[], external: ExternalObject[] = []): string[] {
  const problems: string[] = [];
  for (const w of workloads(manifests)) problems.push(...workloadProblems(manifests, external, w));
  for (const m of manifests) {
    if (m.kind === 'Service') problems.push(...serviceProblems(manifests, m));
    if (m.kind === 'ServiceMonitor') problems.push(...serviceMonitorProblems(manifests, m));
    if (m.kind === 'ScaledObject') problems.push(...scaledObjectProblems(manifests, m));
  }
  return problems;
}
