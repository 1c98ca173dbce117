import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { publishPackage, RegistryClientError } from '@dsforge/registry';

interface PublishArgs {
  zip: string;
  registry: string;
  token?: string;
  certification?: string;
  packageDir?: string;
}

/** `dsforge publish <zip>`: upload a signed, certified version to the registry. */
export const publishCommand: CommandModule<object, PublishArgs> = {
  command: 'publish <zip>',
  describe: 'Publish a packaged, signed and certified plugin version to the internal registry',
  builder: (y: Argv) =>
    y
      .positional('zip', {
        type: 'string',
        demandOption: true,
        describe: 'Any zip of the version; its sibling platform zips and .sig files are sent too',
      })
      .option('registry', {
        type: 'string',
        default: process.env.DSFORGE_REGISTRY ?? 'http://localhost:3838',
        describe: 'Registry URL (env DSFORGE_REGISTRY)',
      })
      .option('token', { type: 'string', describe: 'Team token (env DSFORGE_TOKEN)' })
      .option('certification', {
        type: 'string',
        describe: 'certification.json (default: beside the zip, else inside it)',
      })
      .option('package-dir', {
        type: 'string',
        describe: 'Project folder whose package.json has dsforge.createdAt (default: searched upward)',
      }) as unknown as Argv<PublishArgs>,
  handler: async (args: ArgumentsCamelCase<PublishArgs>) => {
    const token = args.token ?? process.env.DSFORGE_TOKEN;
    if (!token)
      return fail('a team token is needed: --token or DSFORGE_TOKEN (from `dsforge registry team add`)');
    try {
      const r = await publishPackage({
        zip: args.zip,
        registry: args.registry,
        token,
        certification: args.certification,
        packageDir: args.packageDir,
      });
      for (const p of r.packages) console.log(`${p.platform}\t${p.fileName}\t${p.sha256}`);
      console.log(
        `published ${r.pluginId}@${r.version} as team ${r.team} (signed by ${r.signature.fingerprint}, ${r.signature.keyStatus} key)`,
      );
    } catch (err) {
      if (err instanceof RegistryClientError) return fail(err.message);
      throw err;
    }
  },
};

function fail(message: string): void {
  process.stderr.write(`dsforge publish: ${message}\n`);
  process.exitCode = 1;
}
