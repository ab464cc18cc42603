import type { MeasurementResult } from '../../common/generated/facenas/v1/MeasurementResult.js';
import type { MeasurementTask__Output } from '../../common/generated/facenas/v1/MeasurementTask.js';

/** Runs one measurement task on this device and answers it (without the task id). */
export interface MeasurementRunner {
  readonly backend: string;
  readonly threads: number;
  run(task: MeasurementTask__Output): Promise<Omit<MeasurementResult, 'taskId'>>;
}
