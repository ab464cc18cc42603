import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';

// The kustomization.yaml fields this renderer understands. Strict objects: a field it does
// not implement (secretGenerator, replacements, namePrefix, ...) is an error, never
// silently ignored, so a rendered overlay is what kustomize would build or nothing.

const patchTarget = z.strictObject({
  group: z.string().optional(),
  version: z.string().optional(),
  kind: z.string().optional(),
  name: z.string().optional(),
});

const generatorOptions = z.strictObject({
  labels: z.record(z.string(), z.string()).optional(),
  annotations: z.record(z.string(), z.string()).optional(),
  disableNameSuffixHash: z.boolean().optional(),
});

const kustomizationSchema = z.strictObject({
  apiVersion: z.enum(['kustomize.config.k8s.io/v1beta1', 'kustomize.config.k8s.io/v1alpha1']),
  kind: z.enum(['Kustomization', 'Component']),
  namespace: z.string().min(1).optional(),
  resources: z.array(z.string()).default([]),
  components: z.array(z.string()).default([]),
  labels: z
    .array(
      z.strictObject({
        pairs: z.record(z.string(), z.string()),
        includeSelectors: z.boolean().default(false),
        includeTemplates: z.boolean().default(false),
      }),
    )
    .default([]),
  images: z
    .array(
      z.strictObject({
        name: z.string(),
        newName: z.string().optional(),
        newTag: z.string().optional(),
        digest: z.string().optional(),
      }),
    )
    .default([]),
  patches: z
    .array(
      z
        .strictObject({ path: z.string().optional(), patch: z.string().optional(), target: patchTarget.optional() })
        .refine((p) => (p.path === undefined) !== (p.patch === undefined), 'a patch needs exactly one of path and patch'),
    )
    .default([]),
  configMapGenerator: z
    .array(
      z.strictObject({
        name: z.string(),
        files: z.array(z.string()).default([]),
        literals: z.array(z.string()).default([]),
        options: generatorOptions.optional(),
      }),
    )
    .default([]),
  generatorOptions: generatorOptions.optional(),
});

export type Kustomization = z.infer<typeof kustomizationSchema>;

export const KUSTOMIZATION_FILE = 'kustomization.yaml';

export function readKustomization(dir: string): Kustomization {
  const path = join(dir, KUSTOMIZATION_FILE);
  const parsed = kustomizationSchema.safeParse(parse(readFileSync(path, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${path}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data;
}
