import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { FailureReasonCode } from '../search/failure-reasons.js';
import type { TrialRecord } from '../search/records.js';

export interface ControllerMetrics {
  trialStarted(): void;
  trialCompleted(trial: TrialRecord): void;
  trialFailed(reason: FailureReasonCode): void;
}

export interface ControllerGaugeSources {
  /** Running searches' strategy names and best rewards so far. */
  runningSearches(): Array<{ strategy: string; bestReward: number | null }>;
  /** Trials whose job waits for or is held by a trainer (created or running, not reused). */
  trialJobsOut(): number;
}

/** The controller's metrics (names per DESIGN.md "Observability"; no search or trial ids as labels). */
export function createControllerMetrics(registry: Registry, sources: ControllerGaugeSources): ControllerMetrics {
  const started = new Counter({ name: 'facenas_trials_started_total', help: 'Trials a trainer started (first delivery).', registers: [registry] });
  const completed = new Counter({ name: 'facenas_trials_completed_total', help: 'Trials completed with a reward (succeeded or early-stopped).', registers: [registry] });
  const failed = new Counter({
    name: 'facenas_trials_failed_total',
    help: 'Trials that failed, by reason code.',
    labelNames: ['reason'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'facenas_trial_duration_seconds',
    help: 'From a trial starting on a trainer to its result.',
    buckets: [5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200, 14400, 43200],
    registers: [registry],
  });
  new Gauge({
    name: 'facenas_searches_running',
    help: 'Searches in state RUNNING.',
    registers: [registry],
    collect() {
      this.set(sources.runningSearches().length);
    },
  });
  new Gauge({
    name: 'facenas_search_best_reward',
    help: 'Best reward among running searches, per strategy.',
    labelNames: ['strategy'],
    registers: [registry],
    collect() {
      this.reset();
      const best = new Map<string, number>();
      for (const s of sources.runningSearches()) {
        if (s.bestReward === null) continue;
        best.set(s.strategy, Math.max(best.get(s.strategy) ?? -Infinity, s.bestReward));
      }
      for (const [strategy, reward] of best) this.set({ strategy }, reward);
    },
  });
  new Gauge({
    name: 'facenas_trial_queue_pending',
    help: "Trial jobs waiting for or held by trainers (the trainers' consumer lag).",
    registers: [registry],
    collect() {
      this.set(sources.trialJobsOut());
    },
  });
  return {
    trialStarted: () => started.inc(),
    trialCompleted: (trial) => {
      completed.inc();
      if (trial.startedAtMs > 0 && trial.completedAtMs >= trial.startedAtMs) duration.observe((trial.completedAtMs - trial.startedAtMs) / 1000);
    },
    trialFailed: (reason) => failed.inc({ reason }),
  };
}
