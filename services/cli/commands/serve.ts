import { formatOptionsHelp, parseOptions, UsageError, type OptionSpecs } from '../../common/config/options.js';
import { commonServiceOptions, type ServiceName } from '../../common/config/service-options.js';
import { createLogger } from '../../common/logging/logger.js';
import { createServiceRegistry } from '../../common/metrics/registry.js';
import { stopOnSignals } from '../../common/service/service-host.js';
import { startServeEntry } from '../../common/service/start-serve-entry.js';
import type { ServeContext, ServeEntry } from '../../common/service/serve-entry.js';
import type { CliCommand } from '../command.js';
import { SERVE_ENTRIES } from './serve-entries.js';

function usage(): string {
  return [
    'Usage: facenas serve <service> [options]',
    '',
    'Services:',
    ...Object.values(SERVE_ENTRIES).map((e) => `  ${e.name.padEnd(11)} ${e.summary}`),
    '',
    'Run `facenas serve <service> --help` for its options.',
  ].join('\n');
}

export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'run one service (controller, trainer, profiler, dataset, agent)',
  usage: usage(),
  async run(argv) {
    const [name, ...rest] = argv;
    if (name === undefined || name === '--help' || name === '-h') {
      console.log(usage());
      return name === undefined ? 2 : 0;
    }
    const entry = SERVE_ENTRIES[name as ServiceName] as ServeEntry<OptionSpecs> | undefined;
    if (!entry) throw new UsageError('service', `unknown service ${JSON.stringify(name)}; expected one of ${Object.keys(SERVE_ENTRIES).join(', ')}`);
    const specs = { ...commonServiceOptions(entry.name), ...entry.options };
    if (rest.includes('--help') || rest.includes('-h')) {
      console.log(`Usage: facenas serve ${entry.name} [options]\n\n${entry.summary}\n\nOptions:\n${formatOptionsHelp(specs)}`);
      return 0;
    }
    const { values, positionals } = parseOptions(specs, rest);
    if (positionals.length > 0) throw new UsageError('arguments', `unexpected argument ${JSON.stringify(positionals[0])}`);
    const options = values as ServeContext<OptionSpecs>['options'];
    const logger = createLogger(entry.name, options.logLevel);
    const registry = createServiceRegistry(entry.name);
    const hosted = await startServeEntry(entry, options, logger, registry);
    stopOnSignals(() => hosted.stop(), logger, options.shutdownGraceMs + 10_000);
    // Runs until a signal stops it (stopOnSignals exits the process).
    await new Promise<never>(() => {});
    return 0;
  },
};
