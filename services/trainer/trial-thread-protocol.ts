import type { TrialProgress } from '../common/generated/facenas/v1/TrialProgress.js';
import type { ErrorKind } from '../common/errors/errors.js';
import type { BackendChoice } from '../common/engine/engine.js';
import type { ClientTlsOptions } from '../common/grpc/tls.js';
import type { StopReason, TrialOutcome } from './train-trial.js';
import type { TrainableJob } from './trial-job.js';

// The messages between a trainer's main thread and its trial thread (structured-cloned).

export interface TrialThreadData {
  backend: BackendChoice;
  threads?: number;
  /** DatasetService to stream from; absent: the thread opens datasets itself. */
  datasetAddress?: string;
  datasetTls?: ClientTlsOptions;
  /** CpuGate buffer shared with a latency agent in the same process. */
  gate?: SharedArrayBuffer;
}

export type ThreadRequest = { type: 'run'; job: TrainableJob } | { type: 'stop'; reason: StopReason };

/** An error as it crosses the thread boundary: enough to rebuild its kind for classification. */
export interface ThreadError {
  name: string;
  message: string;
  kind?: ErrorKind;
  stopReason?: 'kill' | 'shutdown';
}

export type ThreadReply =
  | { type: 'ready' }
  | { type: 'progress'; progress: TrialProgress }
  | { type: 'done'; outcome: TrialOutcome }
  | { type: 'error'; error: ThreadError };
