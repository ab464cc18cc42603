import type { Registry } from 'prom-client';
import type { Bus } from '../common/bus/bus.js';
import { SEARCHES_BUCKET } from '../common/bus/subjects.js';
import { UnavailableError } from '../common/errors/errors.js';
import type { Logger } from '../common/logging/logger.js';
import type { ServiceParts } from '../common/service/service-host.js';
import type { ArtifactUriOf } from './artifacts/artifact-location.js';
import { mobileFaceNetCodec } from './architecture/mobilefacenet-codec.js';
import type { LatencyOracle } from './latency/latency-oracle.js';
import { createControllerMetrics } from './metrics/controller-metrics.js';
import { rewardForSpec } from './reward/mnas-reward.js';
import type { StrategyFactory } from './search/ports.js';
import { SearchManager } from './search/search-manager.js';
import { searchServiceBinding } from './search-service.js';
import { DEFAULT_SPEC_LIMITS, type SpecLimits } from './spec/search-spec.js';
import { SearchStore, STRATEGY_STATE_BUCKET } from './store/search-store.js';
import { StrategyStateStore } from './store/strategy-state-store.js';
import { registryStrategyFactory } from './strategies/strategy-factory.js';

export interface ControllerPartsOptions {
  /**
   * The bus, or how to open it. `facenas serve controller` passes a function so the
   * connection is made inside ready(): health stays NOT_SERVING until it is up and
   * every stored search is restored. A bus opened here is closed by stop().
   */
  bus: Bus | (() => Promise<Bus>);
  latency: LatencyOracle;
  /** Where a trial's model goes (artifact-location.ts). */
  artifactUri: ArtifactUriOf;
  logger: Logger;
  registry: Registry;
  limits?: SpecLimits;
  strategies?: StrategyFactory;
  deadLetterPollMs?: number;
  now?: () => number;
}

export interface ControllerParts extends ServiceParts {
  ready(): Promise<void>;
  stop(): Promise<void>;
  /** The running controller; UNAVAILABLE until ready() resolved. */
  manager(): SearchManager;
}

/** The controller's SearchService and the manager behind it, for `facenas serve controller` or an embedded host. */
export function createControllerParts(options: ControllerPartsOptions): ControllerParts {
  const { logger } = options;
  let manager: SearchManager | null = null;
  let ownedBus: Bus | null = null;
  let starting: Promise<void> | null = null;
  let stopped = false;

  const managerOf = (): SearchManager => {
    if (!manager) throw new UnavailableError('the controller is still connecting to the bus and restoring its searches; retry shortly');
    return manager;
  };
  const metrics = createControllerMetrics(options.registry, {
    runningSearches: () => (manager?.list('SEARCH_STATE_RUNNING') ?? []).map((r) => ({ strategy: r.search.spec.algorithm.name, bestReward: r.best()?.reward ?? null })),
    trialJobsOut: () => manager?.trialJobsOut() ?? 0,
  });

  async function start(): Promise<void> {
    const bus = typeof options.bus === 'function' ? (ownedBus = await options.bus()) : options.bus;
    const strategyStates = new StrategyStateStore(await bus.kv(STRATEGY_STATE_BUCKET), await bus.objects(STRATEGY_STATE_BUCKET));
    const store = new SearchStore(await bus.kv(SEARCHES_BUCKET), strategyStates);
    const started = await SearchManager.start({
      bus,
      store,
      latency: options.latency,
      strategies: options.strategies ?? registryStrategyFactory(),
      codec: mobileFaceNetCodec,
      reward: rewardForSpec,
      artifactUri: options.artifactUri,
      metrics,
      logger,
      limits: options.limits ?? DEFAULT_SPEC_LIMITS,
      deadLetterPollMs: options.deadLetterPollMs,
      now: options.now,
    });
    manager = started;
  }

  return {
    bindings: [searchServiceBinding(managerOf, logger)],
    ready() {
      if (stopped) return Promise.reject(new UnavailableError('the controller was stopped'));
      starting ??= start();
      return starting;
    },
    manager: managerOf,
    async stop() {
      stopped = true;
      await starting?.catch(() => undefined);
      if (manager) await manager.close();
      else options.latency.close();
      manager = null;
      await ownedBus?.close();
    },
  };
}
