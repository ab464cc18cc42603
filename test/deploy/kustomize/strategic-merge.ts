import { isObject, type JsonObject } from './manifest.js';

// Strategic merge patch, the subset our overlays use, with Kubernetes' semantics:
// maps merge key by key, `null` deletes a key, lists of built-in types that carry a patch
// merge key (containers by name, env by name, ...) merge element by element, every other
// list is replaced. Custom resources (ScaledObject, ServiceMonitor) have no merge keys:
// their lists are replaced, as kustomize does for them.

/** Merge keys of the built-in kinds we patch, by the list's field name (and its parent's). */
function mergeKeyFor(field: string, parentField: string | undefined, builtIn: boolean, kind: string): string | undefined {
  if (!builtIn) return undefined;
  switch (field) {
    case 'containers':
    case 'initContainers':
    case 'ephemeralContainers':
    case 'volumes':
    case 'env':
    case 'imagePullSecrets':
      return 'name';
    case 'volumeMounts':
      return 'mountPath';
    case 'ports':
      // Container ports merge on containerPort, Service ports on port.
      if (parentField === 'containers' || parentField === 'initContainers') return 'containerPort';
      return kind === 'Service' ? 'port' : undefined;
    default:
      return undefined;
  }
}

const DIRECTIVES = ['$patch', '$setElementOrder', '$retainKeys', '$deleteFromPrimitiveList'];

function rejectDirectives(patch: unknown, path: string): void {
  if (Array.isArray(patch)) patch.forEach((item, i) => rejectDirectives(item, `${path}/${i}`));
  if (!isObject(patch)) return;
  for (const [key, value] of Object.entries(patch)) {
    if (DIRECTIVES.some((d) => key.startsWith(d))) throw new Error(`strategic merge directive ${key} at ${path || '/'} is not supported by this renderer`);
    rejectDirectives(value, `${path}/${key}`);
  }
}

interface MergeContext {
  builtIn: boolean;
  kind: string;
}

function mergeList(target: unknown[], patch: unknown[], key: string, path: string, ctx: MergeContext, field: string): unknown[] {
  // kustomize's order: the patch's elements first (merged with their originals), then the
  // original elements the patch does not name, in their original order.
  const patched = patch.map((item) => {
    if (!isObject(item) || item[key] === undefined) throw new Error(`${path}: list elements must be objects with ${key}`);
    const original = target.find((existing) => isObject(existing) && existing[key] === item[key]);
    return original === undefined ? stripNulls(item) : mergeObject(original as JsonObject, item, `${path}/${String(item[key])}`, ctx, field);
  });
  const named = new Set(patch.map((item) => (item as JsonObject)[key]));
  return [...patched, ...target.filter((existing) => !(isObject(existing) && named.has(existing[key])))];
}

/** A patch element added as a whole keeps no `null` markers (they only mean "delete" when merging). */
function stripNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripNulls);
  if (!isObject(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null).map(([k, v]) => [k, stripNulls(v)]));
}

function mergeObject(target: JsonObject, patch: JsonObject, path: string, ctx: MergeContext, ownField: string | undefined): JsonObject {
  const result: JsonObject = { ...target };
  for (const [field, value] of Object.entries(patch)) {
    const fieldPath = `${path}/${field}`;
    if (value === null) {
      delete result[field];
      continue;
    }
    const existing = result[field];
    if (isObject(value) && isObject(existing)) {
      result[field] = mergeObject(existing, value, fieldPath, ctx, field);
    } else if (Array.isArray(value) && Array.isArray(existing)) {
      const key = mergeKeyFor(field, ownField, ctx.builtIn, ctx.kind);
      result[field] = key ? mergeList(existing, value, key, fieldPath, ctx, field) : stripNulls(value);
    } else {
      result[field] = stripNulls(value);
    }
  }
  return result;
}

/** Kinds Kubernetes itself defines (their Go types carry the patch merge keys). */
function isBuiltInApiVersion(apiVersion: string): boolean {
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
  return group === '' || group === 'apps' || group === 'batch' || group === 'policy' || group.endsWith('.k8s.io');
}

/** Applies a strategic merge patch to a copy of `target` (apiVersion/kind/name of the patch must match). */
export function strategicMerge<T extends JsonObject>(target: T, patch: JsonObject): T {
  const apiVersion = String(target.apiVersion);
  const kind = String(target.kind);
  rejectDirectives(patch, '');
  return mergeObject(target, patch, '', { builtIn: isBuiltInApiVersion(apiVersion), kind }, undefined) as T;
}
