import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, InvalidArgumentsError } from '../../services/common/errors/errors.js';
import type { SearchSpec__Output } from '../../services/common/generated/facenas/v1/SearchSpec.js';
import { resolveSearchSpec, type ResolvedSearchSpec, type SpecLimits } from '../../services/controller/spec/search-spec.js';
import { INT32_MAX, INT32_MIN } from '../support/bad-input.js';
import { decodeMessage, encodeMessage } from '../support/grpc-raw.js';

// Any SearchSpec a client can put on the wire either resolves to a spec inside every
// bound the controller promises, or is refused with INVALID_ARGUMENT whose every problem
// names a `spec.` field. Specs are generated as protobuf values, encoded and decoded the
// way the server decodes them, so they hold exactly what a remote client can send.

const hostileInt32 = fc.oneof(fc.constantFrom(INT32_MIN, INT32_MAX, -1, 1_000_000_000), fc.integer({ min: INT32_MIN, max: INT32_MAX }));
const hostileDouble = fc.oneof(fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, -1, 5e-324, 1e308), fc.double());
const hostileText = fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('', 'a'.repeat(5000), '-lead', '\u0000', 'x y'));
/** Enum fields: numbers no name stands for (protobufjs hands those on as numbers). */
const unknownEnum = fc.integer({ min: 4, max: INT32_MAX });

/** Mostly a sensible value, sometimes a hostile one: about a fifth of the specs come out valid. */
function mostly<T, H>(valid: fc.Arbitrary<T>, hostile: fc.Arbitrary<H>): fc.Arbitrary<T | H> {
  return fc.oneof({ weight: 14, arbitrary: valid }, { weight: 1, arbitrary: hostile });
}
const int = (min: number, max: number) => mostly(fc.integer({ min, max }), hostileInt32);
const real = (min: number, max: number) => mostly(fc.double({ min, max, noNaN: true }), hostileDouble);
const oneOf = (...values: string[]) => mostly(fc.constantFrom(...values), hostileText);
const enumOf = (...names: string[]) => mostly(fc.constantFrom(...names), unknownEnum);

const budget = fc.record(
  {
    epochs: int(0, 20),
    steps: int(0, 500),
    imageSize: mostly(fc.constantFrom(0, 32, 48, 64, 112, 256), hostileInt32),
    identities: int(0, 1000),
    batchSize: int(0, 256),
    learningRate: real(0.001, 1),
    warmupEpochs: mostly(fc.constant(0), hostileInt32),
    loss: enumOf('LOSS_UNSPECIFIED', 'LOSS_SOFTMAX', 'LOSS_ARCFACE', 'LOSS_COSFACE'),
    flip: fc.boolean(),
  },
  { requiredKeys: [] },
);
const setting = fc.record({ name: oneOf('lr', 'population', 'sample_size', 'temperature'), value: oneOf('0.1', '20', '5') }, { requiredKeys: [] });
const reward = fc.record(
  {
    constraint: enumOf('REWARD_CONSTRAINT_UNSPECIFIED', 'REWARD_CONSTRAINT_SOFT', 'REWARD_CONSTRAINT_HARD', 'REWARD_CONSTRAINT_CUSTOM'),
    alpha: mostly(fc.constant(0), hostileDouble),
    beta: mostly(fc.constant(0), hostileDouble),
    targetLatencyMs: real(0.5, 1000),
    device: oneOf('pixel', 'edge-1'),
    allowPredictedLatency: fc.boolean(),
    imageSize: mostly(fc.constantFrom(0, 112, 64), hostileInt32),
  },
  { requiredKeys: ['device', 'targetLatencyMs'] },
);
const spec = fc.record(
  {
    name: oneOf('', 'search-1', 'nas_run', 'a'),
    dataset: oneOf('', 'synthetic:identities=10', 'folder:/data/casia', 'rec:/d/train.rec'),
    budget: mostly(budget, fc.constant(null)),
    algorithm: fc.option(fc.record({ name: oneOf('reinforce', 'evolution', 'random'), settings: mostly(fc.uniqueArray(setting, { maxLength: 4, selector: (s) => s.name }), fc.array(setting, { maxLength: 70 })) }, { requiredKeys: [] }), { nil: null }),
    objective: enumOf('OBJECTIVE_UNSPECIFIED', 'OBJECTIVE_VERIFICATION', 'OBJECTIVE_TOP1'),
    // A reward (its device and target) is required: leaving it out is one of the hostile cases.
    reward: mostly(reward, fc.constant(null)),
    maxTrials: int(0, 100),
    parallelTrials: int(0, 8),
    maxFailedTrials: int(0, 10),
    // int64 on the wire; beyond 2^53 the decoder rounds, which the resolver must still judge.
    seed: mostly(fc.integer({ min: 0, max: 1000 }), fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map(String)),
    includeBaseline: fc.boolean(),
    earlyStopping: fc.boolean(),
    space: oneOf('', 'mobilefacenet-v1'),
  },
  { requiredKeys: [] },
);
const limits: fc.Arbitrary<SpecLimits> = fc.oneof(fc.constant({ maxTrials: 10_000, maxParallelTrials: 64 }), fc.record({ maxTrials: fc.integer({ min: 1, max: 10_000 }), maxParallelTrials: fc.integer({ min: 1, max: 64 }) }));

/** What the server's decoder makes of `value` (enums as names, 64-bit as numbers, defaults filled). */
function overTheWire(value: Record<string, unknown>): SearchSpec__Output {
  return decodeMessage('facenas.v1.SearchSpec', encodeMessage('facenas.v1.SearchSpec', value)) as unknown as SearchSpec__Output;
}

const intIn = (value: number, min: number, max: number) => Number.isInteger(value) && value >= min && value <= max;

function expectWithinLimits(r: ResolvedSearchSpec, l: SpecLimits): void {
  expect(r.name.length).toBeLessThanOrEqual(200);
  if (r.name) expect(r.name).toMatch(/^[A-Za-z0-9][A-Za-z0-9_-]*$/);
  expect(r.dataset.length).toBeLessThanOrEqual(4096);
  expect(r.dataset).toMatch(/^(synthetic|lfw|folder|rec|bin):/);
  expect(r.space).toBe('mobilefacenet-v1');
  const b = r.budget;
  expect([intIn(b.epochs, 1, 1000), intIn(b.steps, 0, 10_000_000), intIn(b.identities, 0, 10_000_000), intIn(b.batchSize, 1, 1024), intIn(b.warmupEpochs, 0, 1000)]).toEqual([true, true, true, true, true]);
  expect(intIn(b.imageSize, 32, 256) && b.imageSize % 16 === 0, `budget.image_size ${b.imageSize}`).toBe(true);
  expect(b.learningRate > 0 && b.learningRate <= 10, `learning rate ${b.learningRate}`).toBe(true);
  if (b.steps === 0 && b.warmupEpochs > 0) expect(b.warmupEpochs).toBeLessThan(b.epochs);
  expect(['LOSS_SOFTMAX', 'LOSS_ARCFACE', 'LOSS_COSFACE']).toContain(b.loss);
  expect(['OBJECTIVE_VERIFICATION', 'OBJECTIVE_TOP1']).toContain(r.objective);
  const settings = r.algorithm.settings;
  expect(settings.length).toBeLessThanOrEqual(64);
  expect(new Set(settings.map((s) => s.name)).size).toBe(settings.length);
  expect(settings.every((s) => s.name.length > 0 && s.value.length <= 256)).toBe(true);
  const w = r.reward;
  expect(['REWARD_CONSTRAINT_SOFT', 'REWARD_CONSTRAINT_HARD', 'REWARD_CONSTRAINT_CUSTOM']).toContain(w.constraint);
  expect(w.targetLatencyMs > 0 && w.targetLatencyMs <= 3_600_000, `target ${w.targetLatencyMs}`).toBe(true);
  expect(w.device.length > 0 && w.device.length <= 200).toBe(true);
  expect(intIn(w.imageSize, 32, 256)).toBe(true);
  if (w.constraint === 'REWARD_CONSTRAINT_CUSTOM') expect([w.alpha, w.beta].every((x) => Number.isFinite(x) && Math.abs(x) <= 10)).toBe(true);
  expect(intIn(r.maxTrials, 1, l.maxTrials)).toBe(true);
  expect(intIn(r.parallelTrials, 1, Math.min(l.maxParallelTrials, r.maxTrials))).toBe(true);
  expect(intIn(r.maxFailedTrials, 0, l.maxTrials)).toBe(true);
  expect(Number.isSafeInteger(r.seed) && r.seed > 0, `seed ${r.seed}`).toBe(true);
}

function expectSpecRefusal(err: unknown): void {
  const problems = err instanceof InvalidArgumentsError ? err.problems : [err];
  expect(problems.length).toBeGreaterThan(0);
  for (const problem of problems) {
    if (!(problem instanceof InvalidArgumentError)) throw new Error(`expected an InvalidArgumentError, got ${(problem as Error)?.constructor?.name}: ${(problem as Error)?.message}`);
    expect(problem.field === 'spec' || problem.field.startsWith('spec.'), problem.message).toBe(true);
  }
}

describe('search specs (property-based)', () => {
  it('every spec a client can send resolves within the limits or is refused naming spec fields', () => {
    let resolved = 0;
    let refused = 0;
    fc.assert(
      fc.property(spec, limits, (value, l) => {
        let result: ResolvedSearchSpec;
        try {
          result = resolveSearchSpec(overTheWire(value), l);
        } catch (err) {
          expectSpecRefusal(err);
          refused += 1;
          return;
        }
        resolved += 1;
        expectWithinLimits(result, l);
        // What was resolved resolves to itself: the stored spec reads back the same (but for a seed it drew).
        expect(resolveSearchSpec(overTheWire({ ...result } as unknown as Record<string, unknown>), l)).toEqual(result);
      }),
      { numRuns: 1000 },
    );
    // Both outcomes were exercised, not only refusals of obvious garbage.
    expect(resolved).toBeGreaterThan(20);
    expect(refused).toBeGreaterThan(20);
  });

  it('no spec at all is refused naming spec', () => {
    expectSpecRefusal((() => {
      try {
        resolveSearchSpec(null);
      } catch (err) {
        return err;
      }
      throw new Error('accepted a missing spec');
    })());
  });
});
