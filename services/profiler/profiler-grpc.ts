import type { ProfilerServiceHandlers } from '../common/generated/facenas/v1/ProfilerService.js';
import { unaryHandler } from '../common/grpc/handlers.js';
import type { Logger } from '../common/logging/logger.js';
import type { LatencyProfiler } from './latency-profiler.js';

export function profilerServiceImplementation(profiler: LatencyProfiler, logger: Logger): ProfilerServiceHandlers {
  return {
    MeasureLatency: unaryHandler((request) => profiler.measure(request), logger),
    PredictLatency: unaryHandler((request) => profiler.predict(request), logger),
    ListDevices: unaryHandler(() => profiler.listDevices(), logger),
    Calibrate: unaryHandler((request) => profiler.calibrate(request), logger),
  };
}
