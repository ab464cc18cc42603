import { readFileSync, statSync } from 'node:fs';
import { basename, relative, resolve, sep } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { readKustomization, type Kustomization } from './kustomization-file.js';
import { isObject, manifestId, parseManifests, type JsonObject, type Manifest } from './manifest.js';
import { strategicMerge } from './strategic-merge.js';

// A small `kustomize build`: resources (files and other kustomizations), components,
// configMapGenerator (without name hashes), strategic merge patches, labels, images and
// namespace, applied in kustomize's order. Anything else in a kustomization.yaml is
// rejected when it is read (kustomization-file.ts).

/** Kinds that live outside namespaces (the namespace transformer leaves them alone). */
const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'PersistentVolume', 'StorageClass', 'PriorityClass']);
/** Kinds whose spec.template is a pod template. */
const POD_TEMPLATE_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job']);

export function renderKustomization(dir: string): Manifest[] {
  const root = resolve(dir);
  const kustomization = readKustomization(root);
  if (kustomization.kind !== 'Kustomization') throw new Error(`${root}: expected kind Kustomization, got ${kustomization.kind}`);
  const rendered = accumulate(root, kustomization, []);
  assertUniqueIds(rendered);
  return rendered;
}

function accumulate(dir: string, k: Kustomization, inherited: Manifest[]): Manifest[] {
  let manifests = [...inherited];
  for (const entry of k.resources) manifests.push(...loadResource(dir, entry));
  manifests.push(...generateConfigMaps(dir, k));
  for (const entry of k.components) {
    const componentDir = resolve(dir, entry);
    const component = readKustomization(componentDir);
    if (component.kind !== 'Component') throw new Error(`${dir}: components entry ${entry} is a ${component.kind}, not a Component`);
    manifests = accumulate(componentDir, component, manifests);
  }
  for (const patch of k.patches) manifests = applyPatch(dir, patch, manifests);
  manifests = manifests.map((m) => applyLabels(k, m));
  manifests = manifests.map((m) => applyImages(k, m));
  if (k.namespace) manifests = manifests.map((m) => (CLUSTER_SCOPED.has(m.kind) ? m : { ...m, metadata: { ...m.metadata, namespace: k.namespace as string } }));
  return manifests;
}

/** kustomize's load restrictor: files must lie inside the kustomization's own folder (other kustomizations may be anywhere). */
function fileWithin(dir: string, entry: string): string {
  const path = resolve(dir, entry);
  if (!path.startsWith(dir + sep)) throw new Error(`${dir}: ${entry} is outside the kustomization root (kustomize refuses to load it)`);
  return path;
}

function loadResource(dir: string, entry: string): Manifest[] {
  const path = resolve(dir, entry);
  if (statSync(path).isDirectory()) {
    const nested = readKustomization(path);
    if (nested.kind !== 'Kustomization') throw new Error(`${dir}: resource ${entry} is a ${nested.kind}; list it under components`);
    return accumulate(path, nested, []);
  }
  const file = fileWithin(dir, entry);
  return parseManifests(readFileSync(file, 'utf8'), relative(process.cwd(), file));
}

function generateConfigMaps(dir: string, k: Kustomization): Manifest[] {
  return k.configMapGenerator.map((g) => {
    const options = { ...k.generatorOptions, ...g.options, labels: { ...k.generatorOptions?.labels, ...g.options?.labels } };
    if (options.disableNameSuffixHash !== true) {
      throw new Error(`${dir}: configMapGenerator ${g.name} needs options.disableNameSuffixHash: true (this renderer does not compute name hashes)`);
    }
    const data: Record<string, string> = {};
    for (const file of g.files) {
      const [key, path] = file.includes('=') ? (file.split('=', 2) as [string, string]) : [basename(file), file];
      data[key] = readFileSync(fileWithin(dir, path), 'utf8');
    }
    for (const literal of g.literals) {
      const at = literal.indexOf('=');
      if (at <= 0) throw new Error(`${dir}: configMapGenerator ${g.name}: literal ${JSON.stringify(literal)} is not KEY=VALUE`);
      data[literal.slice(0, at)] = literal.slice(at + 1);
    }
    const metadata: Manifest['metadata'] = { name: g.name };
    if (Object.keys(options.labels).length > 0) metadata.labels = options.labels;
    if (options.annotations) metadata.annotations = options.annotations;
    return { apiVersion: 'v1', kind: 'ConfigMap', metadata, data };
  });
}

function patchDocuments(dir: string, patch: Kustomization['patches'][number]): JsonObject[] {
  const text = patch.path !== undefined ? readFileSync(fileWithin(dir, patch.path), 'utf8') : (patch.patch as string);
  const source = patch.path ?? 'inline patch';
  return parseAllDocuments(text).map((doc) => {
    const value: unknown = doc.toJS();
    if (Array.isArray(value)) throw new Error(`${dir}: ${source} is a JSON 6902 patch; only strategic merge patches are supported`);
    if (!isObject(value)) throw new Error(`${dir}: ${source} is not a strategic merge patch`);
    // kustomize recognises a strategic merge patch by its object header, even when a target picks the objects.
    if (typeof value.apiVersion !== 'string' || typeof value.kind !== 'string' || !isObject(value.metadata) || typeof value.metadata.name !== 'string') {
      throw new Error(`${dir}: ${source} needs apiVersion, kind and metadata.name to be read as a strategic merge patch`);
    }
    return value;
  });
}

function apiGroup(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
}

function matchesTarget(m: Manifest, target: NonNullable<Kustomization['patches'][number]['target']>): boolean {
  // kustomize reads target names and kinds as anchored regular expressions.
  const anchored = (pattern: string, value: string) => new RegExp(`^(?:${pattern})$`).test(value);
  if (target.kind !== undefined && !anchored(target.kind, m.kind)) return false;
  if (target.name !== undefined && !anchored(target.name, m.metadata.name)) return false;
  if (target.group !== undefined && target.group !== apiGroup(m.apiVersion)) return false;
  if (target.version !== undefined && target.version !== m.apiVersion.split('/').pop()) return false;
  return true;
}

function applyPatch(dir: string, patch: Kustomization['patches'][number], manifests: Manifest[]): Manifest[] {
  let result = manifests;
  for (const doc of patchDocuments(dir, patch)) {
    const metadata = isObject(doc.metadata) ? doc.metadata : {};
    const matches = (m: Manifest) =>
      patch.target
        ? matchesTarget(m, patch.target)
        : m.kind === doc.kind && apiGroup(m.apiVersion) === apiGroup(String(doc.apiVersion)) && m.metadata.name === metadata.name;
    const hits = result.filter(matches).length;
    if (hits === 0) throw new Error(`${dir}: patch ${patch.path ?? 'inline'} (${String(doc.kind)}/${String(metadata.name)}) matches no resource`);
    result = result.map((m) => {
      if (!matches(m)) return m;
      // A targeted patch names no object itself: merge only its body, keep the target's identity.
      const body = patch.target ? { ...doc, apiVersion: m.apiVersion, kind: m.kind, metadata: { ...metadata, name: m.metadata.name } } : doc;
      return strategicMerge(m, body);
    });
  }
  return result;
}

function applyLabels(k: Kustomization, m: Manifest): Manifest {
  let out = m;
  for (const { pairs, includeSelectors, includeTemplates } of k.labels) {
    if (includeSelectors) throw new Error('labels with includeSelectors: true are not supported by this renderer');
    out = { ...out, metadata: { ...out.metadata, labels: { ...out.metadata.labels, ...pairs } } };
    const spec = out.spec;
    if (includeTemplates && POD_TEMPLATE_KINDS.has(out.kind) && isObject(spec) && isObject(spec.template)) {
      const template = spec.template;
      const templateMetadata = isObject(template.metadata) ? template.metadata : {};
      const labels = isObject(templateMetadata.labels) ? templateMetadata.labels : {};
      out = { ...out, spec: { ...spec, template: { ...template, metadata: { ...templateMetadata, labels: { ...labels, ...pairs } } } } };
    }
  }
  return out;
}

/** Splits `registry/name:tag@digest` into name, tag and digest. */
export function splitImage(image: string): { name: string; tag?: string; digest?: string } {
  const [withTag, digest] = image.split('@', 2) as [string, string | undefined];
  const colon = withTag.lastIndexOf(':');
  const hasTag = colon > withTag.lastIndexOf('/');
  return { name: hasTag ? withTag.slice(0, colon) : withTag, tag: hasTag ? withTag.slice(colon + 1) : undefined, digest };
}

function applyImages(k: Kustomization, m: Manifest): Manifest {
  if (k.images.length === 0 || !POD_TEMPLATE_KINDS.has(m.kind)) return m;
  const out = structuredClone(m);
  const podSpec = (out.spec as JsonObject | undefined)?.template as JsonObject | undefined;
  const spec = podSpec?.spec as JsonObject | undefined;
  for (const list of ['containers', 'initContainers']) {
    const containers = spec?.[list];
    if (!Array.isArray(containers)) continue;
    for (const container of containers as JsonObject[]) {
      const current = splitImage(String(container.image));
      const rule = k.images.find((i) => i.name === current.name);
      if (!rule) continue;
      const name = rule.newName ?? current.name;
      if (rule.digest) container.image = `${name}@${rule.digest}`;
      else if (rule.newTag) container.image = `${name}:${rule.newTag}`;
      else container.image = `${name}${current.tag ? `:${current.tag}` : ''}${current.digest ? `@${current.digest}` : ''}`;
    }
  }
  return out;
}

function assertUniqueIds(manifests: Manifest[]): void {
  const seen = new Set<string>();
  for (const m of manifests) {
    const id = `${apiGroup(m.apiVersion)}:${manifestId(m)}`;
    if (seen.has(id)) throw new Error(`two resources with the same id ${manifestId(m)}`);
    seen.add(id);
  }
}
