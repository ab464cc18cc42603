import { defineServeEntry } from '../../common/service/serve-entry.js';
import { startAgentEngine } from './agent-engine.js';
import { AGENT_OPTIONS, agentTls, readTokenFile } from './agent-options.js';
import { LatencyAgent } from './latency-agent.js';
import { TfjsRunner } from './tfjs-runner.js';

/**
 * `facenas serve agent`: an edge agent inside the service host. It serves no gRPC API of
 * its own (the host's server carries only health, SERVING once the profiler welcomed
 * it) and dials out to the profiler.
 */
export const agentServeEntry = defineServeEntry({
  name: 'agent',
  summary: 'edge latency agent: dials out to a profiler and times models on this device',
  options: AGENT_OPTIONS,
  async start({ options, logger }) {
    const engine = await startAgentEngine(options.threads);
    const agent = new LatencyAgent({
      profiler: options.profiler,
      deviceName: options.device,
      token: options.tokenFile ? readTokenFile(options.tokenFile) : undefined,
      tls: agentTls(options),
      runner: new TfjsRunner(engine, options.clock),
      logger,
    });
    agent.start();
    return { bindings: [], ready: () => agent.welcomed(), stop: () => agent.stop() };
  },
});
