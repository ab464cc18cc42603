import { performance } from 'node:perf_hooks';
import type { SearchApi } from '../../services/cli/search/search-api.js';

// Clients that keep asking GetSearch and ListTrials about the running searches while the
// load runs, each call timed from send to answer. Each poller waits for its answer
// before the next call (a closed loop), as a dashboard refreshing does.

export type PolledRpc = 'GetSearch' | 'ListTrials';

export class RpcSampler {
  /** [epoch ms when answered, latency ms] per successful call. */
  readonly samples: Record<PolledRpc, [number, number][]> = { GetSearch: [], ListTrials: [] };
  errors = 0;
  private running = true;
  private readonly loops: Promise<void>[] = [];

  constructor(
    private readonly apis: readonly SearchApi[],
    private readonly searchIds: () => readonly string[],
    /** Pause between one poller's calls. */
    private readonly pauseMs: number,
  ) {}

  start(): void {
    this.apis.forEach((api, i) => this.loops.push(this.poll(api, i)));
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }

  private async poll(api: SearchApi, offset: number): Promise<void> {
    for (let n = offset; this.running; n++) {
      const ids = this.searchIds();
      if (ids.length > 0) {
        const id = ids[n % ids.length];
        await this.time('GetSearch', () => api.get(id));
        await this.time('ListTrials', () => api.trials(id));
      }
      await new Promise((r) => setTimeout(r, this.pauseMs));
    }
  }

  private async time(rpc: PolledRpc, call: () => Promise<unknown>): Promise<void> {
    const t0 = performance.now();
    try {
      await call();
      this.samples[rpc].push([Date.now(), performance.now() - t0]);
    } catch {
      this.errors += 1;
    }
  }
}
