import { formatOptionsHelp, parseOptions, UsageError } from '../../common/config/options.js';
import type { CliCommand } from '../command.js';
import { createProgressView } from '../search/progress-view.js';
import { searchApi } from '../search/search-api.js';
import { CONTROLLER_CLIENT_OPTIONS, controllerClientOptions } from './controller-address.js';

const USAGE = `Usage: facenas watch <search id> [--controller HOST:PORT]

Follows a running search on a controller: the same live view as \`facenas search\`.
Ends when the search ends (exit 0 if it succeeded) or on Ctrl-C.

Options:
${formatOptionsHelp(CONTROLLER_CLIENT_OPTIONS)}`;

export const watchCommand: CliCommand = {
  name: 'watch',
  summary: 'follow a search on a running controller',
  usage: USAGE,
  async run(argv) {
    if (argv.includes('--help') || argv.includes('-h')) {
      console.log(USAGE);
      return 0;
    }
    const { values, positionals } = parseOptions(CONTROLLER_CLIENT_OPTIONS, argv);
    if (positionals.length !== 1) throw new UsageError('search id', positionals.length === 0 ? 'required: facenas watch <search id>' : `one search id, got ${positionals.length}`);
    const api = searchApi(values.controller, controllerClientOptions(values));
    const view = createProgressView(process.stdout);
    const watch = api.watch(positionals[0]);
    const onSignal = () => watch.cancel();
    process.once('SIGINT', onSignal);
    try {
      for await (const event of watch.events) {
        if (values.json) console.log(JSON.stringify(event));
        else view.onEvent(event);
        if (view.state.finished || (values.json && ['SEARCH_EVENT_KIND_SEARCH_COMPLETED', 'SEARCH_EVENT_KIND_SEARCH_STOPPED'].includes(event.kind))) break;
      }
      const search = await api.get(positionals[0]);
      return search.state === 'SEARCH_STATE_SUCCEEDED' ? 0 : 1;
    } finally {
      process.off('SIGINT', onSignal);
      view.close();
      watch.cancel();
      api.close();
    }
  },
};
