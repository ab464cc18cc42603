import * as grpc from '@grpc/grpc-js';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchEvent__Output } from '../../services/common/generated/facenas/v1/SearchEvent.js';
import type { SearchSpec__Output } from '../../services/common/generated/facenas/v1/SearchSpec.js';
import type { Trial__Output } from '../../services/common/generated/facenas/v1/Trial.js';
import type { WatchSearchResponse__Output } from '../../services/common/generated/facenas/v1/WatchSearchResponse.js';
import { serverStream, unary } from '../../services/common/grpc/client.js';
import { MAX_STATUS_DETAILS } from '../../services/common/grpc/status-details.js';
import { until } from '../support/controller-harness.js';
import { agentDeviceSpec, startControllerUnderTest, type ControllerUnderTest } from '../support/controller-under-test.js';
import { expectHandled, expectRefusal, expectStillServing, exactly, INT32_MAX, type ServiceUnderTest } from '../support/bad-input.js';
import { encodeMessage, rawClient, rawServerStream, rawUnary, Wire, type CallOutcome } from '../support/grpc-raw.js';

// Hostile requests to every SearchService RPC of a controller wired as production wires it
// (latencies from a real profiler and agent, trainers simulated on its bus). Each gets a
// deliberate status naming the field; after each, health says SERVING and the search that
// was running before the attacks still answers. At the end that search is checked whole:
// its spec, its finished trials, and a watcher attached before the first attack, which
// must have seen every event since, in order.

const SERVICE = 'facenas.v1.SearchService';
const path = (method: string) => `/${SERVICE}/${method}`;
/** Operator limits (--max-trials-limit / --max-parallel-limit), small so "over the limit" is plain. */
const LIMITS = { maxTrials: 1000, maxParallelTrials: 8 };

let controller: ControllerUnderTest;
let raw: grpc.Client;
let target: ServiceUnderTest;
/** Runs through the whole suite: one trial at a time, each "trained" for 150 ms. */
let bystander: { id: string; spec: SearchSpec__Output };
/** Every trial failed (its device has no agent): a finished search with nothing to export. */
let doomedId: string;
let watcher: { events: SearchEvent__Output[]; ended: Promise<void> };
/** The bystander's trials that had finished before the first attack. */
let finishedBefore: Trial__Output[];

function watch(searchId: string): { events: SearchEvent__Output[]; ended: Promise<void> } {
  const events: SearchEvent__Output[] = [];
  const stream = serverStream(controller.client, controller.client.watchSearch, { searchId }, { deadlineMs: 300_000 });
  const ended = new Promise<void>((resolve, reject) => {
    stream.on('data', (m: WatchSearchResponse__Output) => events.push(m.event as SearchEvent__Output));
    stream.on('end', () => resolve());
    stream.on('error', reject);
  });
  return { events, ended };
}

beforeAll(async () => {
  controller = await startControllerUnderTest({ limits: LIMITS, trainMs: 150 });
  raw = rawClient(controller.address);
  const c = controller.client;
  const started = await unary(c, c.startSearch, { spec: agentDeviceSpec({ name: 'bystander', maxTrials: LIMITS.maxTrials, parallelTrials: 1 }) });
  bystander = { id: started.searchId, spec: started.search!.spec! };
  const doomed = await unary(c, c.startSearch, { spec: agentDeviceSpec({ name: 'doomed', maxTrials: 2, parallelTrials: 2, reward: { ...agentDeviceSpec().reward!, device: 'nokia-3310' } }) });
  doomedId = doomed.searchId;
  await until(async () => (await unary(c, c.getSearch, { searchId: doomedId })).search?.state === 'SEARCH_STATE_FAILED', 'the doomed search to fail');
  await until(async () => (await unary(c, c.getSearch, { searchId: bystander.id })).search!.trialsSucceeded >= 2, 'two bystander trials');
  watcher = watch(bystander.id);
  await until(() => watcher.events.length > 0, 'the snapshot');
  finishedBefore = watcher.events[0].trials.filter((t) => t.state === 'TRIAL_STATE_SUCCEEDED');
  target = {
    service: SERVICE,
    address: controller.address,
    validCall: async () => {
      const { search } = await unary(c, c.getSearch, { searchId: bystander.id }, { deadlineMs: 5_000 });
      expect(search).toMatchObject({ id: bystander.id, state: 'SEARCH_STATE_RUNNING', trialsFailed: 0 });
    },
  };
}, 60_000);

afterAll(async () => {
  raw?.close();
  await controller?.stop();
});

const call = (method: string, type: string, value: Record<string, unknown>) => () => rawUnary(raw, path(method), encodeMessage(`facenas.v1.${type}`, value));
const callBytes = (method: string, body: Uint8Array) => () => rawUnary(raw, path(method), body);
const watchCall = (value: Record<string, unknown>) => () => rawServerStream(raw, path('WatchSearch'), encodeMessage('facenas.v1.WatchSearchRequest', value), { maxMessages: 1 });

/** A valid spec with `changes`: the bad field is the only one wrong. */
function spec(changes: Record<string, unknown> = {}): Record<string, unknown> {
  const base = agentDeviceSpec({ name: 'attack' });
  const nested = (key: 'budget' | 'reward' | 'algorithm') => ({ ...base[key], ...(changes[key] as Record<string, unknown> | undefined) });
  return { ...base, ...changes, budget: nested('budget'), reward: nested('reward'), algorithm: nested('algorithm') };
}
const start = (changes: Record<string, unknown>) => call('StartSearch', 'StartSearchRequest', { spec: spec(changes) });
const settings = (name: string, ...pairs: [string, string][]) => ({ algorithm: { name, settings: pairs.map(([n, value]) => ({ name: n, value })) } });

/**
 * A valid spec followed by hand-made fields: a scalar seen twice keeps the last value and an
 * embedded message seen twice is merged, so `extra` overrides what the valid spec says, with
 * numbers no typed encoder would write (enum values without a name).
 */
function startWithWire(extra: Uint8Array): () => Promise<CallOutcome> {
  const specBytes = Buffer.concat([encodeMessage('facenas.v1.SearchSpec', spec()), extra]);
  return callBytes('StartSearch', new Wire().bytes(1, specBytes).finish());
}
const rewardWire = (inner: Wire) => new Wire().bytes(6, inner.finish()).finish();
const budgetWire = (inner: Wire) => new Wire().bytes(3, inner.finish()).finish();

const MB = 1 << 20;

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
      await expectStillServing(target);
    });
  }
}

const INVALID = grpc.status.INVALID_ARGUMENT;
const NOT_FOUND = grpc.status.NOT_FOUND;
const PRECONDITION = grpc.status.FAILED_PRECONDITION;

describe('StartSearch with bad input', () => {
  describe('missing fields and wrong types', () => {
    runCases([
      { name: 'no spec', call: call('StartSearch', 'StartSearchRequest', {}), code: INVALID, field: exactly('spec: required') },
      // Every problem in one message, the first field first (Katib's ValidateAlgorithmSettings style).
      { name: 'an empty spec', call: call('StartSearch', 'StartSearchRequest', { spec: {} }), code: INVALID, field: /^spec\.reward\.target_latency_ms: .*; spec\.reward\.device: required/ },
      { name: 'no reward device', call: start({ reward: { device: '' } }), code: INVALID, field: 'spec.reward.device' },
      { name: 'no latency target', call: start({ reward: { targetLatencyMs: 0 } }), code: INVALID, field: 'spec.reward.target_latency_ms' },
      // protobufjs reads a field by its number, not its wire type: a message sent as a varint
      // reads the number as a length and runs off the end, a string as an int32 leaves the
      // string's bytes to be read as fields. Either way the body is no valid request.
      { name: 'spec sent as a number (wrong wire type)', call: callBytes('StartSearch', new Wire().varint(1, 7).finish()), code: INVALID, field: /^request: not a valid StartSearchRequest message/ },
      { name: 'reward sent as a number (wrong wire type)', call: startWithWire(new Wire().varint(6, 3).finish()), code: INVALID, field: /^request: not a valid StartSearchRequest message/ },
      { name: 'max_trials sent as a string (wrong wire type)', call: startWithWire(new Wire().bytes(7, 'ten').finish()), code: INVALID, field: /^request: not a valid StartSearchRequest message/ },
      { name: 'an undecodable body', call: callBytes('StartSearch', Uint8Array.from([0x0a, 0x05, 0x01])), code: INVALID, field: /^request: not a valid StartSearchRequest message/ },
    ]);
  });

  describe('names and URIs', () => {
    runCases([
      { name: 'a name with a path in it', call: start({ name: '../../etc' }), code: INVALID, field: 'spec.name' },
      { name: 'a name with spaces', call: start({ name: 'my search' }), code: INVALID, field: 'spec.name' },
      { name: 'a name of 1 MB', call: start({ name: 'n'.repeat(MB) }), code: INVALID, field: 'spec.name' },
      { name: 'a dataset that is not a URI', call: start({ dataset: 'imagenet' }), code: INVALID, field: 'spec.dataset' },
      { name: 'a dataset URI of 1 MB (under the message limit)', call: start({ dataset: `synthetic:${'x'.repeat(MB)}` }), code: INVALID, field: /^spec\.dataset: at most 4096 characters/ },
      // Over the 16 MiB default: grpc-js refuses it from the length prefix, before decoding.
      { name: 'a dataset string of 100 MB', call: start({ dataset: `synthetic:${'x'.repeat(100 * MB)}` }), code: grpc.status.RESOURCE_EXHAUSTED, field: /larger than/ },
      { name: 'an unknown search space', call: start({ space: 'nasnet' }), code: INVALID, field: 'spec.space' },
      { name: 'a reward device name of 1 MB', call: start({ reward: { device: 'd'.repeat(MB) } }), code: INVALID, field: 'spec.reward.device' },
    ]);
  });

  describe('huge and negative numbers', () => {
    runCases([
      { name: 'a search of 10^9 trials, against the operator limit', call: start({ maxTrials: 1_000_000_000 }), code: INVALID, field: exactly(`spec.max_trials: must be an integer in [1, ${LIMITS.maxTrials}], got 1000000000`) },
      { name: 'max_trials INT32_MAX', call: start({ maxTrials: INT32_MAX }), code: INVALID, field: 'spec.max_trials' },
      { name: 'negative max_trials', call: start({ maxTrials: -1 }), code: INVALID, field: 'spec.max_trials' },
      { name: 'parallel_trials 10^6, against the operator limit', call: start({ parallelTrials: 1_000_000 }), code: INVALID, field: exactly(`spec.parallel_trials: must be an integer in [1, ${LIMITS.maxParallelTrials}], got 1000000`) },
      { name: 'negative parallel_trials', call: start({ parallelTrials: -4 }), code: INVALID, field: 'spec.parallel_trials' },
      { name: 'negative max_failed_trials', call: start({ maxFailedTrials: -1 }), code: INVALID, field: 'spec.max_failed_trials' },
      { name: 'max_failed_trials INT32_MAX', call: start({ maxFailedTrials: INT32_MAX }), code: INVALID, field: 'spec.max_failed_trials' },
      { name: 'a negative seed', call: start({ seed: -1 }), code: INVALID, field: 'spec.seed' },
      // 2^63 − 1 arrives as a double (longs: Number) that is no longer an exact integer.
      { name: 'seed 2^63 − 1', call: startWithWire(new Wire().varint(10, 2n ** 63n - 1n).finish()), code: INVALID, field: 'spec.seed' },
      // batch_size × image_size² × 3 bytes: 54 614 × 256² × 3 is a 10 GB batch; one 100 000² image is 30 GB.
      { name: 'a 10 GB batch (batch_size 54 614 at 256 px)', call: start({ budget: { batchSize: 54_614, imageSize: 256 } }), code: INVALID, field: exactly('spec.budget.batch_size: must be an integer in [1, 1024], got 54614') },
      { name: 'a 30 GB image (image_size 100 000)', call: start({ budget: { batchSize: 1, imageSize: 100_000 } }), code: INVALID, field: /^spec\.budget\.image_size: must be an integer in \[32, 256\]/ },
      { name: 'image_size not a multiple of 16', call: start({ budget: { imageSize: 50 } }), code: INVALID, field: 'spec.budget.image_size' },
      { name: 'negative batch_size', call: start({ budget: { batchSize: -8 } }), code: INVALID, field: 'spec.budget.batch_size' },
      { name: 'negative epochs', call: start({ budget: { epochs: -1 } }), code: INVALID, field: 'spec.budget.epochs' },
      { name: '10^6 epochs', call: start({ budget: { epochs: 1_000_000 } }), code: INVALID, field: 'spec.budget.epochs' },
      { name: 'negative steps', call: start({ budget: { steps: -1 } }), code: INVALID, field: 'spec.budget.steps' },
      { name: 'negative identities', call: start({ budget: { identities: -1 } }), code: INVALID, field: 'spec.budget.identities' },
      { name: 'warm-up as long as training', call: start({ budget: { epochs: 2, warmupEpochs: 2 } }), code: INVALID, field: 'spec.budget.warmup_epochs' },
      // A NaN used to be taken for "unset" (`||`) and replaced by the default: a search started that nobody asked for.
      { name: 'a NaN learning rate', call: start({ budget: { learningRate: Number.NaN } }), code: INVALID, field: 'spec.budget.learning_rate' },
      { name: 'a negative learning rate', call: start({ budget: { learningRate: -0.1 } }), code: INVALID, field: 'spec.budget.learning_rate' },
      { name: 'an infinite learning rate', call: start({ budget: { learningRate: Number.POSITIVE_INFINITY } }), code: INVALID, field: 'spec.budget.learning_rate' },
      { name: 'latency image_size 10^6', call: start({ reward: { imageSize: 1_000_000 } }), code: INVALID, field: 'spec.reward.image_size' },
      { name: 'negative latency image_size', call: start({ reward: { imageSize: -112 } }), code: INVALID, field: 'spec.reward.image_size' },
    ]);
  });

  describe('latency targets and exponents', () => {
    runCases([
      { name: 'a NaN latency target', call: start({ reward: { targetLatencyMs: Number.NaN } }), code: INVALID, field: 'spec.reward.target_latency_ms' },
      { name: 'an infinite latency target', call: start({ reward: { targetLatencyMs: Number.POSITIVE_INFINITY } }), code: INVALID, field: 'spec.reward.target_latency_ms' },
      { name: 'a latency target of −Infinity', call: start({ reward: { targetLatencyMs: Number.NEGATIVE_INFINITY } }), code: INVALID, field: 'spec.reward.target_latency_ms' },
      { name: 'a negative latency target', call: start({ reward: { targetLatencyMs: -5 } }), code: INVALID, field: 'spec.reward.target_latency_ms' },
      // A NaN with its own bits (a signalling NaN, as C or Go may send it), not the one JavaScript writes:
      // field 4 as fixed64 (tag 0x21), little-endian 0x7ff0000000000001.
      { name: 'a signalling-NaN latency target', call: startWithWire(new Wire().bytes(6, Uint8Array.from([0x21, 1, 0, 0, 0, 0, 0, 0xf0, 0x7f])).finish()), code: INVALID, field: 'spec.reward.target_latency_ms' },
      { name: 'a latency target of 10^12 ms', call: start({ reward: { targetLatencyMs: 1e12 } }), code: INVALID, field: 'spec.reward.target_latency_ms' },
      { name: 'alpha with the soft constraint', call: start({ reward: { alpha: -0.5 } }), code: INVALID, field: 'spec.reward.alpha' },
      { name: 'a NaN custom alpha', call: start({ reward: { constraint: 'REWARD_CONSTRAINT_CUSTOM', alpha: Number.NaN, beta: -1 } }), code: INVALID, field: 'spec.reward.alpha' },
      { name: 'an infinite custom beta', call: start({ reward: { constraint: 'REWARD_CONSTRAINT_CUSTOM', alpha: -0.07, beta: Number.NEGATIVE_INFINITY } }), code: INVALID, field: 'spec.reward.beta' },
    ]);
  });

  describe('unknown enum values (raw wire numbers)', () => {
    runCases([
      { name: 'objective 99', call: startWithWire(new Wire().varint(5, 99).finish()), code: INVALID, field: /^spec\.objective: unknown value 99/ },
      { name: 'objective −1', call: startWithWire(new Wire().varint(5, -1).finish()), code: INVALID, field: /^spec\.objective: unknown value -1/ },
      { name: 'reward constraint 42', call: startWithWire(rewardWire(new Wire().varint(1, 42))), code: INVALID, field: /^spec\.reward\.constraint: unknown value 42/ },
      { name: 'loss 7', call: startWithWire(budgetWire(new Wire().varint(8, 7))), code: INVALID, field: /^spec\.budget\.loss: unknown value 7/ },
      { name: 'loss INT32_MAX', call: startWithWire(budgetWire(new Wire().varint(8, INT32_MAX))), code: INVALID, field: 'spec.budget.loss' },
    ]);
  });

  describe('strategies and their settings', () => {
    runCases([
      { name: 'an unknown strategy', call: start({ algorithm: { name: 'annealing' } }), code: INVALID, field: /^spec\.algorithm\.name: unknown strategy "annealing"; available: reinforce, evolution, random$/ },
      { name: 'a strategy name of 1 MB', call: start({ algorithm: { name: 's'.repeat(MB) } }), code: INVALID, field: 'spec.algorithm.name' },
      { name: 'a setting the strategy does not have', call: start(settings('random', ['temperature', '2'])), code: INVALID, field: /^spec\.algorithm\.settings\.temperature: unknown setting for strategy "random"/ },
      { name: 'a setting given twice', call: start(settings('evolution', ['population_size', '10'], ['population_size', '20'])), code: INVALID, field: /^spec\.algorithm\.settings\.1\.name: duplicate setting "population_size"/ },
      { name: 'a setting without a name', call: start(settings('evolution', ['', '10'])), code: INVALID, field: 'spec.algorithm.settings.0.name' },
      { name: 'a setting that is not a number', call: start(settings('evolution', ['population_size', 'lots'])), code: INVALID, field: 'spec.algorithm.settings.population_size' },
      { name: 'a NaN setting', call: start(settings('reinforce', ['learning_rate', 'NaN'])), code: INVALID, field: 'spec.algorithm.settings.learning_rate' },
      { name: 'an infinite setting', call: start(settings('reinforce', ['temperature', 'Infinity'])), code: INVALID, field: 'spec.algorithm.settings.temperature' },
      { name: 'a negative setting', call: start(settings('reinforce', ['lstm_hidden', '-64'])), code: INVALID, field: 'spec.algorithm.settings.lstm_hidden' },
      { name: 'a setting of 10^9 (an LSTM of a billion units)', call: start(settings('reinforce', ['lstm_hidden', '1000000000'])), code: INVALID, field: 'spec.algorithm.settings.lstm_hidden' },
      { name: 'settings that contradict each other', call: start(settings('evolution', ['population_size', '4'], ['sample_size', '9'])), code: INVALID, field: 'spec.algorithm.settings.sample_size' },
      { name: 'a setting value of 1 MB', call: start(settings('evolution', ['population_size', '9'.repeat(MB)])), code: INVALID, field: 'spec.algorithm.settings.0.value' },
      // A dotted path cannot carry the name: it is quoted in brackets, so the field still ends at ": ".
      { name: 'a setting name with a space', call: start(settings('random', ['a b', '1'])), code: INVALID, field: 'spec.algorithm.settings["a b"]' },
      { name: 'a setting name with a colon', call: start(settings('random', ['x: y', '1'])), code: INVALID, field: 'spec.algorithm.settings["x: y"]' },
      { name: 'a setting name of 1 MB', call: start(settings('random', ['k'.repeat(MB), '1'])), code: INVALID, field: exactly('spec.algorithm.settings.0.name: at most 100 characters') },
      { name: '10^4 settings', call: start({ algorithm: { name: 'random', settings: Array.from({ length: 10_000 }, (_, i) => ({ name: `s${i}`, value: '1' })) } }), code: INVALID, field: 'spec.algorithm.settings' },
    ]);
  });
});

const ID_CASES = (method: string, type: string, extra: Record<string, unknown> = {}): Case[] => [
  { name: 'no search_id', call: call(method, type, { searchId: '', ...extra }), code: INVALID, field: exactly('search_id: required') },
  { name: 'a search_id of 1 MB', call: call(method, type, { searchId: 'x'.repeat(MB), ...extra }), code: INVALID, field: 'search_id' },
  { name: 'an unknown search_id', call: call(method, type, { searchId: 'search-00000000', ...extra }), code: NOT_FOUND, field: /"search-00000000" not found/ },
  { name: 'a search_id that is a path', call: call(method, type, { searchId: '../bystander', ...extra }), code: NOT_FOUND },
  // Read as a string of length 12 345 with no bytes behind it: protobufjs gives "" (BufferReader clamps).
  { name: 'search_id sent as a number (wrong wire type)', call: callBytes(method, new Wire().varint(1, 12345).finish()), code: INVALID, field: exactly('search_id: required') },
];

describe('GetSearch with bad input', () => {
  runCases([
    ...ID_CASES('GetSearch', 'GetSearchRequest'),
    { name: "a prefix of a real search's id", call: () => call('GetSearch', 'GetSearchRequest', { searchId: bystander.id.slice(0, -1) })(), code: NOT_FOUND },
  ]);
});

describe('ListSearches with bad input', () => {
  runCases([
    { name: 'state 99 (raw wire number)', call: callBytes('ListSearches', new Wire().varint(1, 99).finish()), code: INVALID, field: /^state: unknown value 99/ },
    { name: 'state −1 (raw wire number)', call: callBytes('ListSearches', new Wire().varint(1, -1).finish()), code: INVALID, field: 'state' },
    { name: 'state sent as a string (wrong wire type)', call: callBytes('ListSearches', new Wire().bytes(1, 'SEARCH_STATE_RUNNING').finish()), code: INVALID, field: /^request: not a valid ListSearchesRequest message/ },
  ]);
});

describe('WatchSearch with bad input', () => {
  runCases([
    { name: 'no search_id', call: watchCall({ searchId: '' }), code: INVALID, field: exactly('search_id: required') },
    { name: 'a search_id of 1 MB', call: watchCall({ searchId: 'x'.repeat(MB) }), code: INVALID, field: 'search_id' },
    { name: 'an unknown search_id', call: watchCall({ searchId: 'search-00000000' }), code: NOT_FOUND, field: /"search-00000000" not found/ },
    // Wire type 7 does not exist. (A string cut short is no test of this: protobufjs reads it as its prefix.)
    { name: 'an undecodable body', call: () => rawServerStream(raw, path('WatchSearch'), Uint8Array.from([0x07])), code: INVALID, field: /^request: not a valid WatchSearchRequest message/ },
    { name: 'a search_id cut short on the wire: read as its prefix, then judged as an id', call: () => rawServerStream(raw, path('WatchSearch'), Uint8Array.from([0x0a, 0x05, 0x41])), code: NOT_FOUND, field: exactly('search "A" not found') },
  ]);
});

describe('StopSearch with bad input', () => {
  runCases(ID_CASES('StopSearch', 'StopSearchRequest'));
});

describe('ResumeSearch with bad input', () => {
  runCases([
    ...ID_CASES('ResumeSearch', 'ResumeSearchRequest', { maxTrials: 5 }),
    { name: 'max_trials 10^9, against the operator limit', call: () => call('ResumeSearch', 'ResumeSearchRequest', { searchId: doomedId, maxTrials: 1_000_000_000 })(), code: INVALID, field: exactly(`max_trials: must be an integer in [0, ${LIMITS.maxTrials}] (0 keeps the current value), got 1000000000`) },
    { name: 'negative max_trials', call: () => call('ResumeSearch', 'ResumeSearchRequest', { searchId: doomedId, maxTrials: -1 })(), code: INVALID, field: 'max_trials' },
    { name: 'max_trials below the trials already run', call: () => call('ResumeSearch', 'ResumeSearchRequest', { searchId: doomedId, maxTrials: 1 })(), code: PRECONDITION, field: /below the 2 trials/ },
    { name: 'a search that is running', call: () => call('ResumeSearch', 'ResumeSearchRequest', { searchId: bystander.id })(), code: PRECONDITION, field: /is already running/ },
  ]);
});

describe('ListTrials with bad input', () => {
  runCases([
    ...ID_CASES('ListTrials', 'ListTrialsRequest'),
    { name: 'state 42 (raw wire number)', call: () => callBytes('ListTrials', new Wire().bytes(1, bystander.id).varint(2, 42).finish())(), code: INVALID, field: /^state: unknown value 42/ },
  ]);
});

describe('GetParetoFront with bad input', () => {
  runCases(ID_CASES('GetParetoFront', 'GetParetoFrontRequest'));
});

describe('ExportArchitecture with bad input', () => {
  runCases([
    ...ID_CASES('ExportArchitecture', 'ExportArchitectureRequest'),
    { name: 'an unknown trial_id', call: () => call('ExportArchitecture', 'ExportArchitectureRequest', { searchId: bystander.id, trialId: 'trial-9999999' })(), code: NOT_FOUND, field: /"trial-9999999" not found/ },
    { name: 'a trial_id of 1 MB', call: () => call('ExportArchitecture', 'ExportArchitectureRequest', { searchId: bystander.id, trialId: 't'.repeat(MB) })(), code: INVALID, field: 'trial_id' },
    { name: 'a search with no completed trial', call: () => call('ExportArchitecture', 'ExportArchitectureRequest', { searchId: doomedId })(), code: PRECONDITION, field: /has no completed trial yet/ },
  ]);
});

describe('refusals with long messages', () => {
  it('a spec wrong in every field: one message naming them all, cut short, and the connection still works', async () => {
    const outcome = await start({
      name: 'bad name',
      dataset: 'imagenet',
      space: 'nasnet',
      budget: { epochs: -1, imageSize: 50, batchSize: 0x7fffffff, learningRate: Number.NaN },
      algorithm: { name: 'random', settings: Array.from({ length: 60 }, (_, i) => ({ name: `unknown_${i}_${'u'.repeat(100)}`, value: '1' })) },
      reward: { targetLatencyMs: Number.NaN, device: '' },
      maxTrials: -1,
      parallelTrials: 1_000_000,
    })();
    expectRefusal(outcome, INVALID, /^spec\.name: .*characters in all\)$/);
    expect(outcome.details.length).toBeLessThanOrEqual(MAX_STATUS_DETAILS);
    for (const field of ['spec.dataset', 'spec.space', 'spec.budget.epochs', 'spec.budget.image_size', 'spec.budget.batch_size']) expect(outcome.details).toContain(`; ${field}: `);
    expect((await call('ListSearches', 'ListSearchesRequest', {})()).code).toBe(grpc.status.OK);
    await expectStillServing(target);
  });
});

describe('garbage bodies', () => {
  const UNARY = ['StartSearch', 'GetSearch', 'ListSearches', 'StopSearch', 'ResumeSearch', 'ListTrials', 'GetParetoFront', 'ExportArchitecture'];

  it('random bytes as any unary request get a deliberate answer, never INTERNAL or a hang', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...UNARY), fc.uint8Array({ minLength: 1, maxLength: 200 }), async (method, body) => {
        expectHandled(await rawUnary(raw, path(method), body));
      }),
      { numRuns: 80 },
    );
    await expectStillServing(target);
  });

  it('random bytes as a WatchSearch request get a deliberate answer', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 200 }), async (body) => {
        expectHandled(await rawServerStream(raw, path('WatchSearch'), body, { maxMessages: 1 }));
      }),
      { numRuns: 30 },
    );
    await expectStillServing(target);
  });
});

describe('other searches are untouched', () => {
  it('no refused StartSearch left a search behind', async () => {
    const { searches } = await unary(controller.client, controller.client.listSearches, {});
    expect(searches.map((s) => s.id).sort()).toEqual([bystander.id, doomedId].sort());
  });

  it('the doomed search is as it failed: two trials, each failing on its latency', async () => {
    const c = controller.client;
    const { search } = await unary(c, c.getSearch, { searchId: doomedId });
    expect(search).toMatchObject({ state: 'SEARCH_STATE_FAILED', trialsFailed: 2, trialsSucceeded: 0 });
    const { trials } = await unary(c, c.listTrials, { searchId: doomedId });
    expect(trials.map((t) => [t.state, t.reason])).toEqual([
      ['TRIAL_STATE_FAILED', expect.stringMatching(/^latency: .*nokia-3310/)],
      ['TRIAL_STATE_FAILED', expect.stringMatching(/^latency: .*nokia-3310/)],
    ]);
  });

  it('the bystander kept running: same spec, earlier results unchanged, new trials measured by the agent and rewarded', async () => {
    const c = controller.client;
    // However fast the attacks went, the search goes on past them.
    await until(async () => (await unary(c, c.getSearch, { searchId: bystander.id })).search!.trialsSucceeded >= finishedBefore.length + 3, 'three more bystander trials');
    const { search } = await unary(c, c.getSearch, { searchId: bystander.id });
    expect(search).toMatchObject({ state: 'SEARCH_STATE_RUNNING', trialsFailed: 0 });
    expect(search!.spec).toEqual(bystander.spec);
    const { trials } = await unary(c, c.listTrials, { searchId: bystander.id });
    expect(trials.map((t) => t.index)).toEqual(trials.map((_, i) => i));
    const byId = new Map(trials.map((t) => [t.id, t]));
    for (const before of finishedBefore) {
      const now = byId.get(before.id);
      expect(now && { architecture: now.architecture, latency: now.latency, reward: now.reward, metrics: now.metrics }).toEqual({ architecture: before.architecture, latency: before.latency, reward: before.reward, metrics: before.metrics });
    }
    for (const t of trials.filter((x) => x.state === 'TRIAL_STATE_SUCCEEDED')) {
      expect(t.latency).toMatchObject({ medianMs: 4.2, source: 'LATENCY_SOURCE_MEASURED' });
      expect(t.hasReward).toBe(true);
    }
    expect(trials.filter((t) => !['TRIAL_STATE_SUCCEEDED', 'TRIAL_STATE_CREATED', 'TRIAL_STATE_RUNNING'].includes(t.state))).toEqual([]);
    const { trials: front } = await unary(c, c.getParetoFront, { searchId: bystander.id });
    expect(front.length).toBeGreaterThan(0);
  });

  it('the watcher attached before the attacks saw every event since, in order, and agrees with ListTrials', async () => {
    const c = controller.client;
    // A watch attached now works too.
    const late = watch(bystander.id);
    await until(() => late.events.length > 0, 'a late snapshot');
    await unary(c, c.stopSearch, { searchId: bystander.id });
    await Promise.all([watcher.ended, late.ended]);
    const { events } = watcher;
    expect(events[0].kind).toBe('SEARCH_EVENT_KIND_SNAPSHOT');
    const lastIndexBefore = Math.max(...events[0].trials.map((t) => t.index));
    const completedSince = events.filter((e) => e.kind === 'SEARCH_EVENT_KIND_TRIAL_COMPLETED' && (e.trial?.index ?? -1) > lastIndexBefore);
    expect(completedSince.length, 'trials created after the snapshot were told as completed').toBeGreaterThanOrEqual(3);
    const seqs = events.map((e) => e.seq);
    expect(seqs).toEqual(seqs.map((_, i) => seqs[0] + i));
    expect(events.at(-1)?.kind).toBe('SEARCH_EVENT_KIND_SEARCH_STOPPED');
    // Replaying the watcher's events gives each trial's final state as ListTrials tells it.
    const states = new Map(events[0].trials.map((t) => [t.id, t.state]));
    for (const e of events.slice(1)) if (e.trial) states.set(e.trial.id, e.trial.state);
    const { trials } = await unary(c, c.listTrials, { searchId: bystander.id });
    expect(Object.fromEntries(states)).toEqual(Object.fromEntries(trials.map((t) => [t.id, t.state])));
    expect(late.events.at(-1)?.seq).toBe(events.at(-1)?.seq);
  });
});
