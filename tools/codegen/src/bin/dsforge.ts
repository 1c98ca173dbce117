// The `dsforge` command line: parses arguments and dispatches to a command module. No logic here.
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { buildCommand } from '../commands/build.command';
import { packageCommand } from '../commands/package.command';
import { signCommand } from '../commands/sign.command';
import { verifyCommand } from '../commands/verify.command';
import { keysCommand } from '../commands/keys.command';
import { certifyCommand } from '../commands/certify.command';
import { registryCommand } from '../commands/registry.command';
import { publishCommand } from '../commands/publish.command';
import { installCommand } from '../commands/install.command';
import { yankCommand } from '../commands/yank.command';

void yargs(hideBin(process.argv))
  .scriptName('dsforge')
  .command(buildCommand)
  .command(packageCommand)
  .command(signCommand)
  .command(verifyCommand)
  .command(keysCommand)
  .command(certifyCommand)
  .command(registryCommand)
  .command(publishCommand)
  .command(installCommand)
  .command(yankCommand)
  .demandCommand(1, 'Name a command, e.g. `dsforge build examples/example-datasource`.')
  .strict()
  .help()
  .version(false)
  .parseAsync();
