// The `create-datasource` command line: parses arguments and dispatches to a command module.
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { createCommand, updateCommand } from '../commands/create.command';

void yargs(hideBin(process.argv))
  .scriptName('create-datasource')
  .command(updateCommand)
  .command(createCommand)
  .strict()
  .fail((msg, err) => {
    if (err) throw err;
    process.stderr.write(`✖ ${msg}\n  Run create-datasource --help for the options.\n`);
    process.exit(2);
  })
  .help()
  .version(false)
  .parseAsync();
