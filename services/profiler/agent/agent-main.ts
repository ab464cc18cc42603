// The edge agent as a program of its own: what scripts/build-agent.mjs bundles (one JS
// file for Node or Deno, and the single executable). `facenas serve agent` runs the
// same agent inside the service host instead (serve-agent.ts).
import { formatOptionsHelp, parseOptions, UsageError } from '../../common/config/options.js';
import { commonServiceOptions } from '../../common/config/service-options.js';
import { FacenasError } from '../../common/errors/errors.js';
import { createLogger } from '../../common/logging/logger.js';
import { startAgentEngine } from './agent-engine.js';
import { AGENT_OPTIONS, agentTls, readTokenFile } from './agent-options.js';
import { LatencyAgent } from './latency-agent.js';
import { TfjsRunner } from './tfjs-runner.js';

const common = commonServiceOptions('agent');
const SPECS = { ...AGENT_OPTIONS, tlsCa: common.tlsCa, logLevel: common.logLevel };

async function main(argv: string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(`Usage: facenas-agent --profiler HOST:PORT --device NAME [options]\n\nOptions:\n${formatOptionsHelp(SPECS)}`);
    return;
  }
  const { values, positionals } = parseOptions(SPECS, argv);
  if (positionals.length > 0) throw new UsageError('arguments', `unexpected argument ${JSON.stringify(positionals[0])}`);
  const logger = createLogger('agent', values.logLevel);
  const engine = await startAgentEngine(values.threads);
  const agent = new LatencyAgent({
    profiler: values.profiler,
    deviceName: values.device,
    token: values.tokenFile ? readTokenFile(values.tokenFile) : undefined,
    tls: agentTls(values),
    runner: new TfjsRunner(engine, values.clock),
    logger,
  });
  agent.start();
  logger.info({ profiler: values.profiler, device: values.device, backend: engine.backend, threads: engine.threads }, 'agent started');
  const onSignal = () => {
    agent.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  const usage = err instanceof UsageError || (err instanceof FacenasError && err.kind === 'INVALID_ARGUMENT');
  console.error(`facenas-agent: ${err instanceof FacenasError ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exit(usage ? 2 : 1);
});
