import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { writeFile } from 'node:fs/promises';
import { currentSigningKey, defaultKeysDir, runGrafanaSignPlugin } from '../package';
import { signDetached } from '../package/trust';

interface SignArgs {
  target: string;
  grafana: boolean;
  keysDir?: string;
  signatureType: string;
  rootUrls?: string;
}

/**
 * `dsforge sign <zip>`: the company's detached OpenPGP signature, written to `<zip>.sig`.
 * `dsforge sign --grafana <dist-dir>`: Grafana's own signature via `@grafana/sign-plugin`
 * (writes MANIFEST.txt into the folder; needs GRAFANA_ACCESS_POLICY_TOKEN).
 */
export const signCommand: CommandModule<object, SignArgs> = {
  command: 'sign <target>',
  describe:
    'Sign a package zip with the company key (<zip>.sig), or a plugin folder with Grafana (--grafana)',
  builder: (y: Argv) =>
    y
      .positional('target', {
        type: 'string',
        demandOption: true,
        describe: 'Zip to sign, or plugin folder with --grafana',
      })
      .option('grafana', {
        type: 'boolean',
        default: false,
        describe: "Run @grafana/sign-plugin (Grafana's signing service)",
      })
      .option('keys-dir', { type: 'string', describe: 'Key directory (default ~/.config/dsforge/keys)' })
      .option('signature-type', { type: 'string', default: 'private', describe: 'With --grafana' })
      .option('root-urls', {
        type: 'string',
        describe: 'With --grafana: comma-separated Grafana root URLs',
      }) as unknown as Argv<SignArgs>,
  handler: async (args: ArgumentsCamelCase<SignArgs>) => {
    if (args.grafana) {
      const rootUrls = args.rootUrls?.split(',').filter(Boolean);
      if (args.signatureType.startsWith('private') && !rootUrls?.length) {
        return fail(
          'a private signature needs --root-urls (the root_url of each Grafana that may load the plugin)',
        );
      }
      const r = await runGrafanaSignPlugin(args.target, { signatureType: args.signatureType, rootUrls });
      process.stderr.write(r.output);
      if (!r.ok) return fail(r.reason!);
      console.log(
        `${args.target}/MANIFEST.txt signed by Grafana; ${Object.keys(r.check!.manifest!.files).length} files listed, hashes match`,
      );
      return;
    }
    try {
      const key = await currentSigningKey(args.keysDir ?? defaultKeysDir());
      const signature = await signDetached(args.target, key.privateKeyArmored);
      await writeFile(`${args.target}.sig`, signature);
      console.log(`${args.target}.sig signed with ${key.fingerprint}`);
    } catch (err) {
      fail((err as Error).message);
    }
  },
};

function fail(message: string): void {
  process.stderr.write(`dsforge sign: ${message}\n`);
  process.exitCode = 1;
}
