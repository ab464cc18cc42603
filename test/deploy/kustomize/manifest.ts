import { parseAllDocuments } from 'yaml';

/** One Kubernetes object as parsed from YAML: plain JSON data. */
export type Manifest = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string>; [key: string]: unknown }; [key: string]: unknown };

export type JsonObject = { [key: string]: unknown };

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `kind/name` (with the namespace when set): how kustomize and our errors name an object. */
export function manifestId(m: Manifest): string {
  return `${m.kind}/${m.metadata.namespace ? `${m.metadata.namespace}/` : ''}${m.metadata.name}`;
}

/**
 * Parses a multi-document YAML file into objects, as YAML 1.2 (kustomize's reader). Scalars
 * that YAML 1.1 readers (kubectl without -k) would read differently are caught by a test.
 */
export function parseManifests(text: string, source: string): Manifest[] {
  const out: Manifest[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) throw new Error(`${source}: ${doc.errors[0].message}`);
    const value: unknown = doc.toJS();
    if (value === null || value === undefined) continue;
    if (!isObject(value)) throw new Error(`${source}: a document is not a mapping`);
    const { apiVersion, kind, metadata } = value;
    if (typeof apiVersion !== 'string' || typeof kind !== 'string') throw new Error(`${source}: a document lacks apiVersion or kind`);
    if (!isObject(metadata) || typeof metadata.name !== 'string') throw new Error(`${source}: ${kind} lacks metadata.name`);
    out.push(value as Manifest);
  }
  return out;
}
