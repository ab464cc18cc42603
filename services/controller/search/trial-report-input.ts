import { z } from 'zod';
import { InvalidArgumentError } from '../../common/errors/errors.js';
import type { TrialMetrics__Output } from '../../common/generated/facenas/v1/TrialMetrics.js';
import type { TrialProgress__Output } from '../../common/generated/facenas/v1/TrialProgress.js';
import type { TrialReport__Output } from '../../common/generated/facenas/v1/TrialReport.js';
import { TrialState, type TrialState__Output } from '../../common/generated/facenas/v1/TrialState.js';

// A trainer's report arrives as the JSON form of TrialReport (services/common/bus/
// trial-reports.ts), where proto3 lets every field be absent and an enum be a name or
// its number. This turns it into the complete __Output shape the runner reads, or says
// which field is wrong.

const STATE_NAMES = Object.keys(TrialState) as TrialState__Output[];

const count = z.number().int().nonnegative();
const real = z.number().refine(Number.isFinite, 'must be a finite number');
/** int64 fields: JSON numbers, or decimal strings as protobuf's JSON mapping writes them. */
const millis = z.union([count, z.string().regex(/^\d+$/).transform(Number)]);

const state = z.union([z.enum(STATE_NAMES as [TrialState__Output, ...TrialState__Output[]]), z.number().int().min(0).max(STATE_NAMES.length - 1).transform((n) => STATE_NAMES[n])]);

const metrics = z.object({
  verificationAccuracy: real.default(0),
  verificationStd: real.default(0),
  top1: real.default(0),
  tarAtFar: real.default(0),
  far: real.default(0),
  threshold: real.default(0),
  finalLoss: real.default(0),
  trainingSeconds: real.default(0),
  imagesPerSecond: real.default(0),
  parameters: count.default(0),
  madds: count.default(0),
  epochsCompleted: count.default(0),
  trainAccuracy: real.default(0),
  pixelBaselineAccuracy: real.default(0),
}) satisfies z.ZodType<TrialMetrics__Output, unknown>;

const progress = z.object({
  searchId: z.string().default(''),
  trialId: z.string().default(''),
  epoch: count.default(0),
  epochs: count.default(0),
  step: count.default(0),
  steps: count.default(0),
  loss: real.default(0),
  trainAccuracy: real.default(0),
  imagesPerSecond: real.default(0),
  evalAccuracy: real.default(0),
  hasEvalAccuracy: z.boolean().default(false),
}) satisfies z.ZodType<TrialProgress__Output, unknown>;

const report = z.object({
  searchId: z.string().min(1),
  trialId: z.string().min(1),
  state,
  reason: z.string().default(''),
  metrics: metrics.nullable().default(null),
  modelUri: z.string().default(''),
  worker: z.string().default(''),
  delivery: count.default(0),
  startedAtMs: millis.default(0),
  completedAtMs: millis.default(0),
  progress: progress.nullable().default(null),
  retrying: z.boolean().default(false),
}) satisfies z.ZodType<TrialReport__Output, unknown>;

/** Throws InvalidArgumentError naming the first bad field (`report.metrics.top1: ...`). */
export function readTrialReport(input: unknown): TrialReport__Output {
  const parsed = report.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new InvalidArgumentError(['report', ...issue.path.map(String)].join('.'), issue.message);
}
