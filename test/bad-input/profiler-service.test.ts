import * as grpc from '@grpc/grpc-js';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unary } from '../../services/common/grpc/client.js';
import { MAX_ARCHITECTURE_JSON_BYTES } from '../../services/common/search-space/index.js';
import { expectHandled, expectRefusal, expectStillServing, INT32_MAX, settle } from '../support/bad-input.js';
import { encodeMessage, rawClient, rawUnary, Wire, type CallOutcome } from '../support/grpc-raw.js';
import { smallestArchitecture, startProfilerUnderTest, VALID_DEVICE, type ProfilerUnderTest } from '../support/profiler-under-test.js';

// Hostile requests to every ProfilerService RPC of the profiler started from its serve
// entry: each gets a deliberate status naming the field; after each, health says SERVING
// and a measurement still goes to the connected agent and back.

const SERVICE = 'facenas.v1.ProfilerService';
const path = (method: string) => `/${SERVICE}/${method}`;

let profiler: ProfilerUnderTest;
let raw: grpc.Client;

beforeAll(async () => {
  profiler = await startProfilerUnderTest();
  raw = rawClient(profiler.address);
});

afterAll(async () => {
  raw?.close();
  await profiler?.stop();
});

const arch = smallestArchitecture();
const request = (type: string, method: string, value: Record<string, unknown>) => () => rawUnary(raw, path(method), encodeMessage(`facenas.v1.${type}`, value));
const measure = (value: Record<string, unknown>) => request('MeasureLatencyRequest', 'MeasureLatency', { architecture: arch, device: VALID_DEVICE, ...value });
const predict = (value: Record<string, unknown>) => request('PredictLatencyRequest', 'PredictLatency', { architecture: arch, device: VALID_DEVICE, ...value });
const calibrate = (value: Record<string, unknown>) => request('CalibrateRequest', 'Calibrate', { device: VALID_DEVICE, ...value });
const json = (text: string) => ({ architecture: { json: text } });

interface Case {
  name: string;
  call: () => Promise<CallOutcome>;
  code: grpc.status;
  field?: string | RegExp;
}

function runCases(cases: Case[]): void {
  for (const c of cases) {
    it(c.name, async () => {
      expectRefusal(await c.call(), c.code, c.field);
      await expectStillServing(profiler.target);
    });
  }
}

/** Nested arrays `depth` deep: small, but a recursive validator would blow its stack. */
function nested(depth: number): string {
  return `${'['.repeat(depth)}${']'.repeat(depth)}`;
}

describe('MeasureLatency with bad input', () => {
  const decisions = arch.decisions ?? [];
  runCases([
    { name: 'no architecture', call: measure({ architecture: null }), code: grpc.status.INVALID_ARGUMENT, field: 'architecture' },
    { name: 'an empty architecture', call: measure({ architecture: {} }), code: grpc.status.INVALID_ARGUMENT, field: 'architecture' },
    { name: 'json that is not JSON', call: measure(json('{"space": ')), code: grpc.status.INVALID_ARGUMENT, field: 'architecture.json' },
    { name: 'json that is an array', call: measure(json('[1, 2, 3]')), code: grpc.status.INVALID_ARGUMENT, field: 'architecture.json' },
    { name: 'json nested 30 000 deep', call: measure(json(nested(30_000))), code: grpc.status.INVALID_ARGUMENT, field: 'architecture.json' },
    // A lone surrogate in a key ends up in the status message; grpc-js's encodeURI used to throw on it and end the process.
    { name: 'a JSON key that is a lone surrogate', call: measure(json('{"\\ud800": 1}')), code: grpc.status.INVALID_ARGUMENT, field: /^architecture\.json\./ },
    { name: 'a __proto__ key', call: measure(json('{"__proto__": {"space": "mobilefacenet-v1"}}')), code: grpc.status.INVALID_ARGUMENT, field: /^architecture\.json\./ },
    {
      name: 'a 1 MB architecture (under the message limit)',
      call: measure(json(JSON.stringify({ space: 'x'.repeat(1 << 20) }))),
      code: grpc.status.INVALID_ARGUMENT,
      field: new RegExp(`^architecture\\.json: JSON is at least \\d+ bytes, more than the limit of ${MAX_ARCHITECTURE_JSON_BYTES}`),
    },
    // Over the 16 MiB default: grpc-js refuses it from the length prefix, before decoding.
    { name: 'a 100 MB architecture string', call: measure(json('x'.repeat(100 * 1024 * 1024))), code: grpc.status.RESOURCE_EXHAUSTED, field: /larger than/ },
    { name: 'too few decisions', call: measure({ architecture: { decisions: decisions.slice(1) } }), code: grpc.status.INVALID_ARGUMENT, field: 'architecture.decisions' },
    { name: '10^5 decisions', call: measure({ architecture: { decisions: new Array<number>(100_000).fill(0) } }), code: grpc.status.INVALID_ARGUMENT, field: 'architecture.decisions' },
    { name: 'a negative decision', call: measure({ architecture: { decisions: [-1, ...decisions.slice(1)] } }), code: grpc.status.INVALID_ARGUMENT, field: 'architecture.decisions.0' },
    { name: 'a decision of INT32_MAX', call: measure({ architecture: { decisions: [...decisions.slice(0, 5), INT32_MAX, ...decisions.slice(6)] } }), code: grpc.status.INVALID_ARGUMENT, field: 'architecture.decisions.5' },
    { name: 'another search space', call: measure({ architecture: { ...arch, space: 'nasnet' } }), code: grpc.status.INVALID_ARGUMENT, field: 'architecture.space' },
    { name: 'an id that does not match', call: measure({ architecture: { ...arch, id: 'deadbeefdeadbeef' } }), code: grpc.status.INVALID_ARGUMENT, field: 'architecture.id' },
    {
      name: 'json and decisions that disagree',
      call: measure({ architecture: { json: arch.json, decisions: [1, ...decisions.slice(1)] } }),
      code: grpc.status.INVALID_ARGUMENT,
      field: 'architecture',
    },
    { name: 'a kernel size outside the space', call: measure(json((arch.json ?? '').replace('"kernel":3', '"kernel":4'))), code: grpc.status.INVALID_ARGUMENT, field: 'architecture.json.blocks.0.kernel' },
    { name: 'no device', call: measure({ device: '' }), code: grpc.status.INVALID_ARGUMENT, field: 'device' },
    { name: 'a device name of 1 MB', call: measure({ device: 'd'.repeat(1 << 20) }), code: grpc.status.INVALID_ARGUMENT, field: 'device' },
    { name: 'image_size 10^6', call: measure({ imageSize: 1_000_000 }), code: grpc.status.INVALID_ARGUMENT, field: 'image_size' },
    { name: 'negative image_size', call: measure({ imageSize: -16 }), code: grpc.status.INVALID_ARGUMENT, field: 'image_size' },
    { name: 'image_size not a multiple of 16', call: measure({ imageSize: 50 }), code: grpc.status.INVALID_ARGUMENT, field: 'image_size' },
    { name: 'negative warmup_runs', call: measure({ warmupRuns: -1 }), code: grpc.status.INVALID_ARGUMENT, field: 'warmup_runs' },
    { name: 'runs 10^9', call: measure({ runs: 1_000_000_000 }), code: grpc.status.INVALID_ARGUMENT, field: 'runs' },
    { name: 'negative runs', call: measure({ runs: -5 }), code: grpc.status.INVALID_ARGUMENT, field: 'runs' },
    { name: 'a device no agent serves', call: measure({ device: 'nokia-3310' }), code: grpc.status.FAILED_PRECONDITION, field: /"nokia-3310"/ },
  ]);
});

describe('PredictLatency with bad input', () => {
  runCases([
    { name: 'no architecture', call: predict({ architecture: null }), code: grpc.status.INVALID_ARGUMENT, field: 'architecture' },
    { name: 'json that is not JSON', call: predict(json('nope')), code: grpc.status.INVALID_ARGUMENT, field: 'architecture.json' },
    { name: 'no device', call: predict({ device: '   ' }), code: grpc.status.INVALID_ARGUMENT, field: 'device' },
    { name: 'image_size 10^6', call: predict({ imageSize: 1_000_000 }), code: grpc.status.INVALID_ARGUMENT, field: 'image_size' },
    { name: 'a device without a latency table', call: predict({}), code: grpc.status.FAILED_PRECONDITION, field: /has no latency table/ },
  ]);
});

describe('Calibrate with bad input', () => {
  runCases([
    { name: 'no device', call: calibrate({ device: '' }), code: grpc.status.INVALID_ARGUMENT, field: 'device' },
    { name: 'image_size 10^6', call: calibrate({ imageSize: 1_000_000 }), code: grpc.status.INVALID_ARGUMENT, field: 'image_size' },
    { name: 'negative runs', call: calibrate({ runs: -1 }), code: grpc.status.INVALID_ARGUMENT, field: 'runs' },
    { name: 'runs INT32_MAX', call: calibrate({ runs: INT32_MAX }), code: grpc.status.INVALID_ARGUMENT, field: 'runs' },
    { name: 'a device no agent serves', call: calibrate({ device: 'nokia-3310' }), code: grpc.status.FAILED_PRECONDITION, field: /"nokia-3310"/ },
  ]);
});

describe('refusals with long messages', () => {
  // Each message quotes the request: without a cap on status messages the trailer outgrew
  // the client's 64 KiB header limit and every later call on that connection hung.
  it('thousands of unknown JSON keys: one message naming them, cut short, and the connection still works', async () => {
    const keys = Object.fromEntries(Array.from({ length: 6000 }, (_, i) => [`k${i}`, 0]));
    const outcome = await measure(json(JSON.stringify(keys)))();
    expectRefusal(outcome, grpc.status.INVALID_ARGUMENT, /^architecture\.json\.k0: unknown field .*characters in all\)$/);
    expect(outcome.details.length).toBeLessThanOrEqual(2048);
    expect((await rawUnary(raw, path('ListDevices'), new Uint8Array(0))).code).toBe(grpc.status.OK);
    await expectStillServing(profiler.target);
  });

  it('a health check for a 1 MB service name: NOT_FOUND, and the connection still works', async () => {
    const outcome = await rawUnary(raw, '/grpc.health.v1.Health/Check', new Wire().bytes(1, 's'.repeat(1 << 20)).finish());
    expectRefusal(outcome, grpc.status.NOT_FOUND, /^service "s+.*characters in all\)$/);
    expect((await rawUnary(raw, path('ListDevices'), new Uint8Array(0))).code).toBe(grpc.status.OK);
    await expectStillServing(profiler.target);
  });
});

describe('garbage bodies', () => {
  it('random bytes as any request get a deliberate answer, never INTERNAL or a hang', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('MeasureLatency', 'PredictLatency', 'ListDevices', 'Calibrate'), fc.uint8Array({ minLength: 1, maxLength: 200 }), async (method, body) => {
        expectHandled(await rawUnary(raw, path(method), body));
      }),
      { numRuns: 60 },
    );
    await expectStillServing(profiler.target);
  });

  it('an architecture sent as a number (wrong wire type) is refused or judged, never INTERNAL', async () => {
    for (const value of [0, 5, 1000, 2 ** 40]) expectHandled(await rawUnary(raw, path('MeasureLatency'), new Wire().varint(1, value).bytes(2, VALID_DEVICE).finish()));
    expectHandled(await rawUnary(raw, path('MeasureLatency'), new Wire().bytes(1, 'not a message').bytes(2, VALID_DEVICE).finish()));
    await expectStillServing(profiler.target);
  });

  it('an undecodable body is INVALID_ARGUMENT naming the request', async () => {
    expectRefusal(await rawUnary(raw, path('MeasureLatency'), Uint8Array.from([0x07])), grpc.status.INVALID_ARGUMENT, /^request: not a valid MeasureLatencyRequest message/);
    await expectStillServing(profiler.target);
  });
});

describe('other work is untouched', () => {
  it('concurrent valid measurements all complete while hostile requests arrive', async () => {
    const c = profiler.client;
    // bypass_cache sends each to the agent, which answers them one at a time.
    const valid = Array.from({ length: 5 }, () => settle(unary(c, c.measureLatency, { architecture: arch, device: VALID_DEVICE, bypassCache: true }, { deadlineMs: 20_000 })));
    const hostile = [measure({ runs: -5 }), measure(json('{"\\udfff": 0}')), measure({ device: '' }), () => rawUnary(raw, path('Calibrate'), Uint8Array.from([0x07])), calibrate({ runs: -1 })];
    for (const attack of hostile) expectHandled(await attack());
    const outcomes = await Promise.all(valid);
    expect(outcomes.map((o) => [o.code, o.value?.latency?.medianMs])).toEqual(Array.from({ length: 5 }, () => [grpc.status.OK, 4.2]));
  });
});
