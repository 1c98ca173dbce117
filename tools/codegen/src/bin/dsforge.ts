// The `dsforge` command line: parses arguments and dispatches to a command module. No logic here.
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { buildCommand } from '../commands/build.command';

void yargs(hideBin(process.argv))
  .scriptName('dsforge')
  .command(buildCommand)
  .demandCommand(1, 'Name a command, e.g. `dsforge build examples/example-datasource`.')
  .strict()
  .help()
  .version(false)
  .parseAsync();
