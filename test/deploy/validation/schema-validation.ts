import * as core from 'kubernetes-models/v1';
import * as apps from 'kubernetes-models/apps/v1';
import * as policy from 'kubernetes-models/policy/v1';
import * as networking from 'kubernetes-models/networking.k8s.io/v1';
import * as keda from '@kubernetes-models/keda/keda.sh/v1alpha1';
import * as monitoring from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import { isObject, type Manifest } from '../kustomize/manifest.js';

// Schema validation of one object: the kubernetes-models class for its apiVersion/kind
// (Kubernetes 1.27 OpenAPI, KEDA and prometheus-operator CRDs) checks types, required
// fields and enums. Those schemas allow unknown fields, which the API server would drop
// without a word (`readinesProbe:` would simply never probe), so unknown fields are found
// separately: the compiled validator reads every field its schema knows, and any field
// of ours it never read is unknown, like `kubeconform -strict`.

interface ModelClass {
  new (data: never): { validate(): void };
  readonly apiVersion: string;
  readonly kind: string;
  readonly prototype: { validate(): void };
}

function modelsOf(module: Record<string, unknown>): ModelClass[] {
  return Object.values(module).filter(
    (v): v is ModelClass => typeof v === 'function' && typeof (v as Partial<ModelClass>).apiVersion === 'string' && typeof (v as Partial<ModelClass>).kind === 'string',
  );
}

const MODELS = new Map<string, ModelClass>(
  [core, apps, policy, networking, keda, monitoring].flatMap((module) => modelsOf(module as Record<string, unknown>)).map((model) => [`${model.apiVersion}/${model.kind}`, model] as const),
);

export function hasSchema(apiVersion: string, kind: string): boolean {
  return MODELS.has(`${apiVersion}/${kind}`);
}

/** Field paths ("spec/template/...") the validator read while validating `data`. */
function readPaths(model: ModelClass, data: unknown): Set<string> {
  const read = new Set<string>();
  const wrap = (value: unknown, path: string[]): unknown => {
    if (value === null || typeof value !== 'object') return value;
    return new Proxy(value, {
      get(target, key, receiver) {
        const child: unknown = Reflect.get(target, key, receiver);
        if (typeof key !== 'string' || !Object.hasOwn(target, key)) return child;
        const childPath = [...path, key];
        read.add(childPath.join('/'));
        return wrap(child, childPath);
      },
    });
  };
  try {
    model.prototype.validate.call(wrap(data, []) as { validate(): void });
  } catch {
    // Schema errors are reported by schemaProblems itself; only the reads matter here.
  }
  return read;
}

function unknownFields(value: unknown, path: string[], read: Set<string>, out: string[]): void {
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : isObject(value) ? Object.entries(value) : [];
  for (const [key, child] of entries) {
    const childPath = [...path, key];
    if (!read.has(childPath.join('/'))) out.push(childPath.join('.'));
    else unknownFields(child, childPath, read, out);
  }
}

/** Everything wrong with one object against its schema; empty when valid. */
export function schemaProblems(m: Manifest): string[] {
  const model = MODELS.get(`${m.apiVersion}/${m.kind}`);
  if (!model) return [`no schema for ${m.apiVersion} ${m.kind}: add its kubernetes-models class or do not deploy it`];
  const problems: string[] = [];
  try {
    new model(m as never).validate();
  } catch (err) {
    problems.push((err as Error).message);
  }
  // The compiled validators collect every error, so they read every known field even when the object is invalid.
  const unknown: string[] = [];
  unknownFields(m, [], readPaths(model, m), unknown);
  problems.push(...unknown.map((path) => `unknown field ${path}`));
  return problems;
}
