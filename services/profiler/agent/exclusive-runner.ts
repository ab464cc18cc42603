import type { CpuGate } from '../../common/runtime/cpu-gate.js';
import type { MeasurementRunner } from './measurement-runner.js';

/**
 * A runner whose measurements pause the trainers sharing this process (embedded mode),
 * so a timing is of the model alone, not of the model competing with training steps.
 */
export function exclusiveRunner(runner: MeasurementRunner, gate: CpuGate): MeasurementRunner {
  return {
    backend: runner.backend,
    threads: runner.threads,
    run: (task) => gate.exclusive(() => runner.run(task)),
  };
}
