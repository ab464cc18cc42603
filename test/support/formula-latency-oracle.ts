import { InvalidArgumentError } from '../../services/common/errors/errors.js';
import type { Architecture } from '../../services/common/generated/facenas/v1/Architecture.js';
import type { Latency__Output } from '../../services/common/generated/facenas/v1/Latency.js';
import type { RewardSpec__Output } from '../../services/common/generated/facenas/v1/RewardSpec.js';
import type { LatencyOracle } from '../../services/controller/latency/latency-oracle.js';

// A stand-in for the profiler in controller tests that are not about latency: the
// latency is a known function of the architecture's MAdds, so a test can work out a
// trial's reward by hand. The real path (profilerLatencyOracle against a profiler
// with an agent) is tested in test/controller/latency-oracle.test.ts.

/** 1 ms plus 1 ms per 10 M MAdds (at the training size the trial's architecture carries). */
export function formulaLatencyMs(architecture: Pick<Architecture, 'madds'>): number {
  return 1 + Number(architecture.madds ?? 0) / 1e7;
}

export class FormulaLatencyOracle implements LatencyOracle {
  calls = 0;
  closed = false;

  constructor(
    private readonly options: {
      delayMs?: number;
      /** Architecture ids whose measurement fails (as an unreachable device would). */
      failing?: ReadonlySet<string>;
    } = {},
  ) {}

  async latency(architecture: Architecture, reward: RewardSpec__Output): Promise<Latency__Output> {
    this.calls += 1;
    if (this.options.delayMs) await new Promise((r) => setTimeout(r, this.options.delayMs));
    if (this.options.failing?.has(architecture.id ?? '')) throw new InvalidArgumentError('device', `no agent of device ${JSON.stringify(reward.device)} answered`);
    const medianMs = formulaLatencyMs(architecture);
    return {
      medianMs,
      p90Ms: medianMs * 1.1,
      meanMs: medianMs,
      stdMs: medianMs * 0.05,
      runs: 10,
      device: reward.device,
      source: 'LATENCY_SOURCE_MEASURED',
      imageSize: reward.imageSize,
      measuredAtMs: Date.now(),
    };
  }

  close(): void {
    this.closed = true;
  }
}
