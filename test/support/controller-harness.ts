import type { Bus } from '../../services/common/bus/bus.js';
import type { SearchSpec__Output } from '../../services/common/generated/facenas/v1/SearchSpec.js';
import type { SearchState__Output } from '../../services/common/generated/facenas/v1/SearchState.js';
import { createLogger, type Logger } from '../../services/common/logging/logger.js';
import { createServiceRegistry } from '../../services/common/metrics/registry.js';
import { artifactLocation } from '../../services/controller/artifacts/artifact-location.js';
import { createControllerParts, type ControllerParts } from '../../services/controller/controller-parts.js';
import type { LatencyOracle } from '../../services/controller/latency/latency-oracle.js';
import type { StrategyFactory } from '../../services/controller/search/ports.js';
import type { SearchRunner } from '../../services/controller/search/search-runner.js';
import type { SpecLimits } from '../../services/controller/spec/search-spec.js';
import { FormulaLatencyOracle } from './formula-latency-oracle.js';

// The controller as production wires it (createControllerParts), over a bus a test
// chooses, plus the few helpers controller tests share.

export const TEST_DEVICE = 'edge-test';
export const TEST_ARTIFACTS = 'file:///tmp/facenas-test-models';

export interface ControllerHarnessOptions {
  latency?: LatencyOracle;
  limits?: SpecLimits;
  strategies?: StrategyFactory;
  deadLetterPollMs?: number;
  logger?: Logger;
}

/** A started controller (ready() resolved) over `bus`. */
export async function startController(bus: Bus, options: ControllerHarnessOptions = {}): Promise<ControllerParts> {
  const parts = createControllerParts({
    bus,
    latency: options.latency ?? new FormulaLatencyOracle(),
    artifactUri: artifactLocation(TEST_ARTIFACTS),
    logger: options.logger ?? createLogger('controller', 'silent'),
    registry: createServiceRegistry('controller', { defaultMetrics: false }),
    limits: options.limits,
    strategies: options.strategies,
    deadLetterPollMs: options.deadLetterPollMs ?? 100,
  });
  await parts.ready();
  return parts;
}

/** A complete spec (every proto field present, as a gRPC server would hand it over). */
export function testSpec(overrides: Partial<SearchSpec__Output> = {}): SearchSpec__Output {
  return {
    name: 'test',
    dataset: 'synthetic:identities=20,images=4,size=32',
    budget: { epochs: 1, steps: 0, imageSize: 32, identities: 0, batchSize: 8, learningRate: 0.1, warmupEpochs: 0, loss: 'LOSS_SOFTMAX', flip: false },
    algorithm: { name: 'random', settings: [] },
    objective: 'OBJECTIVE_VERIFICATION',
    reward: { constraint: 'REWARD_CONSTRAINT_SOFT', alpha: 0, beta: 0, targetLatencyMs: 10, device: TEST_DEVICE, allowPredictedLatency: false, imageSize: 32 },
    maxTrials: 6,
    parallelTrials: 2,
    maxFailedTrials: 0,
    seed: 11,
    includeBaseline: false,
    earlyStopping: false,
    space: '',
    ...overrides,
  };
}

export async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export function untilState(runner: () => SearchRunner, states: SearchState__Output[], timeoutMs = 20_000): Promise<void> {
  return until(() => states.includes(runner().search.state), `search state in ${states.join('/')}`, timeoutMs);
}
