import { describeStrategies } from '../../controller/strategies/registry.js';
import type { CliCommand } from '../command.js';
import { runSearch } from '../search/run-search.js';
import { parseSearchInvocation, searchOptionsHelp } from '../search/search-options.js';

function usage(): string {
  const rows = searchOptionsHelp().map((o) => `  --${o.flag}${o.boolean ? '' : ' <value>'}`.padEnd(28) + ` ${o.help}`);
  return [
    'Usage: facenas search [options]',
    '',
    'Runs a whole search on this machine: dataset, latency profiler with a local agent,',
    'controller and trainers in one process. Writes a run folder with the results,',
    'the best model and report.html. Ctrl-C stops and keeps what finished;',
    '`facenas search --resume <run folder>` continues.',
    '',
    'Options:',
    ...rows,
    '',
    'Strategies and their --set NAME=VALUE settings:',
    ...describeStrategies().flatMap((d) => [
      `  ${d.name}: ${d.description}`,
      ...d.settings.map((st) => `    ${st.name.padEnd(18)} ${st.description} (default ${st.default === null ? 'unset' : String(st.default)})`),
    ]),
  ].join('\n');
}

export const searchCommand: CliCommand = {
  name: 'search',
  summary: 'run a search on this machine (embedded mode) and write a run folder with the report',
  usage: usage(),
  async run(argv) {
    if (argv.includes('--help') || argv.includes('-h')) {
      console.log(usage());
      return 0;
    }
    const invocation = parseSearchInvocation(argv);
    const interrupt = new AbortController();
    let signals = 0;
    const onSignal = () => {
      signals += 1;
      if (signals > 1) {
        console.error('\nfacenas: second interrupt, exiting now (running trials come back on --resume)');
        process.exit(130);
      }
      console.error('\nfacenas: stopping (Ctrl-C again to exit at once)...');
      interrupt.abort();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    try {
      const outcome = await runSearch(invocation, process.stdout, interrupt.signal);
      if (outcome.interrupted) return 130;
      return outcome.search.state === 'SEARCH_STATE_SUCCEEDED' ? 0 : 1;
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  },
};
