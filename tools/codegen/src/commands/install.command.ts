import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { defaultPinFile, installPlugin, RegistryClientError } from '@dsforge/registry';

interface InstallArgs {
  spec: string;
  grafanaPluginsDir: string;
  registry: string;
  keyring?: string;
  certifierKey?: string;
  pinnedKeys?: string;
  acceptNewKeys: boolean;
  team?: string;
  instanceId?: string;
}

/** `dsforge install <id>[@version]`: verified install from the registry into Grafana's plugins dir. */
export const installCommand: CommandModule<object, InstallArgs> = {
  command: 'install <spec>',
  describe: 'Install a plugin from the registry (verifies sha256, company signature and certification)',
  builder: (y: Argv) =>
    y
      .positional('spec', { type: 'string', demandOption: true, describe: '<plugin-id>[@<version>]' })
      .option('grafana-plugins-dir', {
        type: 'string',
        demandOption: !process.env.GF_PATHS_PLUGINS,
        default: process.env.GF_PATHS_PLUGINS,
        describe: "Grafana's plugins directory (env GF_PATHS_PLUGINS)",
      })
      .option('registry', {
        type: 'string',
        default: process.env.DSFORGE_REGISTRY ?? 'http://localhost:3838',
        describe: 'Registry URL (env DSFORGE_REGISTRY)',
      })
      .option('keyring', {
        type: 'string',
        describe: "Keyring JSON to trust (default: the registry's /api/keys)",
      })
      .option('certifier-key', {
        type: 'string',
        describe: "Certifier public key PEM (default: the registry's)",
      })
      .option('pinned-keys', {
        type: 'string',
        describe:
          'Pinned-keys file: the first install from a registry pins its keys, later installs trust only those (default $DSFORGE_PINNED_KEYS, else ~/.config/dsforge/pinned-keys.json)',
      })
      .option('accept-new-keys', {
        type: 'boolean',
        default: false,
        describe:
          'Trust and pin signing/certifier keys the registry serves that are not pinned yet (after a confirmed rotation; never revoked keys)',
      })
      .option('team', {
        type: 'string',
        default: process.env.DSFORGE_TEAM,
        describe: 'Your team, for adoption metrics (env DSFORGE_TEAM)',
      })
      .option('instance-id', {
        type: 'string',
        describe: 'Grafana instance id for adoption metrics (default: persisted in the plugins dir)',
      }) as unknown as Argv<InstallArgs>,
  handler: async (args: ArgumentsCamelCase<InstallArgs>) => {
    try {
      const r = await installPlugin({
        spec: args.spec,
        registry: args.registry,
        pluginsDir: args.grafanaPluginsDir,
        keyringFile: args.keyring,
        certifierKeyFile: args.certifierKey,
        pinFile: args.pinnedKeys ?? defaultPinFile(),
        acceptNewKeys: args.acceptNewKeys,
        team: args.team,
        instanceId: args.instanceId,
        log: (line) => process.stderr.write(`${line}\n`),
      });
      console.log(
        `installed ${r.pluginId}@${r.version} (${r.platform}) in ${r.dir}; sha256 ${r.sha256}; signed by ${r.signature.fingerprint} (${r.signature.keyStatus}); ${r.certified ? 'certified' : 'no certification'}`,
      );
      if (!r.pinged)
        process.stderr.write('warning: the install ping failed; adoption metrics will miss this install\n');
    } catch (err) {
      if (err instanceof RegistryClientError || err instanceof Error) return fail(err.message);
      throw err;
    }
  },
};

function fail(message: string): void {
  process.stderr.write(`dsforge install: ${message}\n`);
  process.exitCode = 1;
}
