import { formatOptionsHelp, parseOptions, UsageError } from '../../common/config/options.js';
import type { Search__Output } from '../../common/generated/facenas/v1/Search.js';
import type { CliCommand } from '../command.js';
import { searchApi } from '../search/search-api.js';
import { CONTROLLER_CLIENT_OPTIONS, controllerClientOptions } from './controller-address.js';

const USAGE = `Usage: facenas list [--controller HOST:PORT] [--json]

Lists the searches of a running controller.

Options:
${formatOptionsHelp(CONTROLLER_CLIENT_OPTIONS)}`;

export function searchTable(searches: readonly Search__Output[]): string {
  const header = ['SEARCH', 'STATE', 'STRATEGY', 'TRIALS', 'BEST REWARD', 'STARTED'];
  const rows = searches.map((s) => [
    s.id,
    s.state.replace('SEARCH_STATE_', '').toLowerCase(),
    s.spec?.algorithm?.name ?? '',
    `${s.trialsSucceeded + s.trialsFailed + s.trialsKilled + s.trialsEarlyStopped}/${s.trialsCreated}`,
    s.bestTrialId ? s.bestReward.toFixed(4) : '—',
    s.startedAtMs ? new Date(Number(s.startedAtMs)).toISOString().replace('T', ' ').slice(0, 19) : '—',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  return [header, ...rows].map((r) => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd()).join('\n');
}

export const listCommand: CliCommand = {
  name: 'list',
  summary: 'list the searches of a running controller',
  usage: USAGE,
  async run(argv) {
    if (argv.includes('--help') || argv.includes('-h')) {
      console.log(USAGE);
      return 0;
    }
    const { values, positionals } = parseOptions(CONTROLLER_CLIENT_OPTIONS, argv);
    if (positionals.length > 0) throw new UsageError('arguments', `unexpected argument ${JSON.stringify(positionals[0])}`);
    const api = searchApi(values.controller, controllerClientOptions(values));
    try {
      const searches = await api.list();
      console.log(values.json ? JSON.stringify(searches, null, 2) : searches.length ? searchTable(searches) : 'no searches');
      return 0;
    } finally {
      api.close();
    }
  },
};
