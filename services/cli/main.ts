import { FacenasError } from '../common/errors/errors.js';
import { UsageError } from '../common/config/options.js';
import type { CliCommand } from './command.js';
import { datasetCommand } from './commands/dataset.js';
import { exportCommand } from './commands/export.js';
import { listCommand } from './commands/list.js';
import { retrainCommand } from './commands/retrain.js';
import { searchCommand } from './commands/search.js';
import { serveCommand } from './commands/serve.js';
import { watchCommand } from './commands/watch.js';

const COMMANDS: CliCommand[] = [searchCommand, watchCommand, listCommand, retrainCommand, exportCommand, serveCommand, datasetCommand];

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'facenas — neural architecture search for face recognition',
    '',
    'Usage: facenas <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `facenas <command> --help` for the options of a command.',
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(help());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version') {
    console.log('facenas 0.1.0');
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    console.error(`facenas: unknown command ${JSON.stringify(name)} (run facenas --help)`);
    return 2;
  }
  return command.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof UsageError) {
      console.error(`facenas: ${err.message}`);
      process.exitCode = 2;
    } else if (err instanceof FacenasError) {
      console.error(`facenas: ${err.message}`);
      process.exitCode = err.kind === 'INVALID_ARGUMENT' ? 2 : 1;
    } else {
      console.error(`facenas: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      process.exitCode = 1;
    }
  },
);
