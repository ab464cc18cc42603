import { Counter, Gauge, type Registry } from 'prom-client';

// A trainer's own metrics. The trial counters of DESIGN.md (started/completed/failed)
// are the controller's, which sees every trial once; these say what each trainer did.

export type TrainerOutcome = 'succeeded' | 'early_stopped' | 'failed' | 'poison' | 'retried' | 'killed' | 'handed_back';

export interface TrainerMetrics {
  trialStarted(): void;
  trialFinished(outcome: TrainerOutcome): void;
  /** Training throughput of the worker's current trial. */
  progress(worker: string, imagesPerSecond: number): void;
}

export function createTrainerMetrics(registry: Registry): TrainerMetrics {
  const busy = new Gauge({ name: 'facenas_trainer_busy', help: 'Trials this trainer is training right now.', registers: [registry] });
  const jobs = new Counter({
    name: 'facenas_trainer_jobs_total',
    help: 'Trial jobs this trainer finished handling, by outcome.',
    labelNames: ['outcome'],
    registers: [registry],
  });
  // Label `worker` is bounded by the trainers of one process (--workers), never by trials.
  const throughput = new Gauge({
    name: 'facenas_training_images_per_second',
    help: 'Training throughput of the trial a trainer worker is running (images per second).',
    labelNames: ['worker'],
    registers: [registry],
  });
  return {
    trialStarted: () => busy.inc(),
    trialFinished: (outcome) => {
      busy.dec();
      jobs.inc({ outcome });
    },
    progress: (worker, imagesPerSecond) => throughput.set({ worker }, imagesPerSecond),
  };
}
