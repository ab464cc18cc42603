import * as grpc from '@grpc/grpc-js';
import { FailedPreconditionError, UnavailableError } from '../../common/errors/errors.js';
import type { Architecture } from '../../common/generated/facenas/v1/Architecture.js';
import type { Latency__Output } from '../../common/generated/facenas/v1/Latency.js';
import type { ProfilerServiceClient } from '../../common/generated/facenas/v1/ProfilerService.js';
import type { RewardSpec__Output } from '../../common/generated/facenas/v1/RewardSpec.js';
import { createClient, unary, type ClientOptions } from '../../common/grpc/client.js';
import { facenasGrpc } from '../../common/grpc/proto-package.js';
import type { Logger } from '../../common/logging/logger.js';

/** Where a trial's latency comes from. */
export interface LatencyOracle {
  latency(architecture: Architecture, reward: RewardSpec__Output): Promise<Latency__Output>;
  close(): void;
}

export interface ProfilerOracleOptions {
  address: string;
  client?: ClientOptions;
  logger: Logger;
  /** Per measurement (an agent may have a queue in front of it). */
  deadlineMs?: number;
  /** Attempts on UNAVAILABLE/DEADLINE_EXCEEDED before the trial fails. */
  attempts?: number;
  backoffMs?: number;
}

/**
 * Asks the profiler for a measured latency on the spec's device; falls back to the
 * lookup-table prediction only when the spec allows it and no agent of the device is
 * connected (FAILED_PRECONDITION), and then the latency says PREDICTED.
 */
export function profilerLatencyOracle(options: ProfilerOracleOptions): LatencyOracle {
  const client = createClient<ProfilerServiceClient>(facenasGrpc().ProfilerService, options.address, options.client);
  const attempts = options.attempts ?? 5;
  const deadlineMs = options.deadlineMs ?? 300_000;
  const backoffMs = options.backoffMs ?? 2_000;

  async function withRetries<T>(what: string, call: () => Promise<T>): Promise<T> {
    let lastError: unknown;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        return await call();
      } catch (err) {
        lastError = err;
        const code = (err as grpc.ServiceError).code;
        if (code !== grpc.status.UNAVAILABLE && code !== grpc.status.DEADLINE_EXCEEDED) throw err;
        // After the last attempt there is nothing to wait for: the trial fails now, not a back-off later.
        if (attempt === attempts) break;
        options.logger.warn({ attempt, code, what }, 'profiler unavailable; retrying');
        await new Promise((r) => setTimeout(r, backoffMs * attempt));
      }
    }
    throw new UnavailableError(`profiler at ${options.address} unavailable for ${what}: ${(lastError as Error).message}`, { cause: lastError });
  }

  return {
    async latency(architecture, reward) {
      const request = { architecture, device: reward.device, imageSize: reward.imageSize };
      try {
        const response = await withRetries('MeasureLatency', () =>
          unary(client, client.measureLatency, request, { deadlineMs, waitForReady: true }),
        );
        if (!response.latency) throw new UnavailableError('profiler answered without a latency');
        return response.latency;
      } catch (err) {
        const code = (err as grpc.ServiceError).code;
        if (code === grpc.status.FAILED_PRECONDITION && reward.allowPredictedLatency) {
          const predicted = await withRetries('PredictLatency', () => unary(client, client.predictLatency, request, { deadlineMs: 30_000 }));
          if (!predicted.latency) throw new UnavailableError('profiler answered without a predicted latency');
          return { ...predicted.latency, source: 'LATENCY_SOURCE_PREDICTED' };
        }
        if (code === grpc.status.FAILED_PRECONDITION) throw new FailedPreconditionError((err as grpc.ServiceError).details);
        throw err;
      }
    },
    close() {
      client.close();
    },
  };
}
