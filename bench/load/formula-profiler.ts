import type { MeasureLatencyRequest__Output } from '../../services/common/generated/facenas/v1/MeasureLatencyRequest.js';
import type { MeasureLatencyResponse } from '../../services/common/generated/facenas/v1/MeasureLatencyResponse.js';
import { InvalidArgumentError } from '../../services/common/errors/errors.js';
import { unaryHandler } from '../../services/common/grpc/handlers.js';
import { facenasGrpc } from '../../services/common/grpc/proto-package.js';
import { startGrpcServer, type GrpcServerHandle } from '../../services/common/grpc/server.js';
import type { Logger } from '../../services/common/logging/logger.js';
import { FormulaLatencyOracle } from '../../test/support/formula-latency-oracle.js';

// A ProfilerService whose MeasureLatency answers from the latency formula of
// test/support/formula-latency-oracle.ts, at once. The controller under load is a real
// `facenas serve controller` process, which reaches its latency oracle over gRPC
// (--profiler); this stands in for the profiler and its agents, which are not what the
// load bench measures. The other ProfilerService methods answer UNIMPLEMENTED.

export interface FormulaProfiler {
  address: string;
  /** MeasureLatency calls answered. */
  readonly measured: number;
  stop(): Promise<void>;
}

export async function startFormulaProfiler(logger: Logger): Promise<FormulaProfiler> {
  const oracle = new FormulaLatencyOracle();
  const implementation = {
    MeasureLatency: unaryHandler<MeasureLatencyRequest__Output, MeasureLatencyResponse>(async (request) => {
      if (!request.architecture) throw new InvalidArgumentError('architecture', 'required');
      const latency = await oracle.latency(request.architecture, {
        constraint: 'REWARD_CONSTRAINT_SOFT',
        alpha: 0,
        beta: 0,
        targetLatencyMs: 0,
        device: request.device,
        allowPredictedLatency: false,
        imageSize: request.imageSize,
      });
      return { latency, cached: false, architectureId: request.architecture.id };
    }, logger),
  };
  const server: GrpcServerHandle = await startGrpcServer({
    services: [{ name: 'facenas.v1.ProfilerService', definition: facenasGrpc().ProfilerService.service, implementation }],
    port: 0,
    host: '127.0.0.1',
    logger,
  });
  return {
    address: `127.0.0.1:${server.port}`,
    get measured() {
      return oracle.calls;
    },
    stop: () => server.shutdown(200),
  };
}
