import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { RegistryClientError, yankVersion, type YankResult } from '@dsforge/registry';

interface YankArgs {
  pluginId: string;
  version: string;
  registry: string;
  token?: string;
  reason?: string;
  undo: boolean;
}

/** `dsforge yank <plugin-id> <version>`: hide a bad version from Grafana and installers (or `--undo`). */
export const yankCommand: CommandModule<object, YankArgs> = {
  command: 'yank <plugin-id> <version>',
  describe: 'Yank a published version (Grafana and `dsforge install <id>` stop offering it), or --undo',
  builder: (y: Argv) =>
    y
      .positional('plugin-id', { type: 'string', demandOption: true })
      .positional('version', { type: 'string', demandOption: true })
      .option('registry', {
        type: 'string',
        default: process.env.DSFORGE_REGISTRY ?? 'http://localhost:3838',
        describe: 'Registry URL (env DSFORGE_REGISTRY)',
      })
      .option('token', {
        type: 'string',
        describe: 'Token of the team that owns the plugin (env DSFORGE_REGISTRY_TOKEN, else DSFORGE_TOKEN)',
      })
      .option('reason', { type: 'string', describe: 'Why (required; kept in the yank history)' })
      .option('undo', {
        type: 'boolean',
        default: false,
        describe: 'Un-yank: offer the version again',
      }) as unknown as Argv<YankArgs>,
  handler: async (args: ArgumentsCamelCase<YankArgs>) => {
    const token = args.token ?? process.env.DSFORGE_REGISTRY_TOKEN ?? process.env.DSFORGE_TOKEN;
    if (!token)
      return fail(
        "a team token is needed: --token or DSFORGE_REGISTRY_TOKEN (the owning team's, from `dsforge registry team add`)",
      );
    if (!args.reason?.trim())
      return fail(`say why with --reason "..."; it is recorded with your team and the time`);
    try {
      const r = await yankVersion({
        pluginId: args.pluginId,
        version: args.version,
        registry: args.registry,
        token,
        reason: args.reason,
        undo: args.undo,
      });
      for (const line of report(r)) console.log(line);
    } catch (err) {
      if (err instanceof RegistryClientError) return fail(err.message);
      throw err;
    }
  },
};

/** What changed, then what Grafana and installers see now. */
function report(r: YankResult): string[] {
  const spec = `${r.pluginId}@${r.version}`;
  const lines: string[] = [];
  if (!r.changed) {
    lines.push(
      r.yanked
        ? `${spec} was already yanked (${r.yankedAt}: ${r.yankReason}); nothing changed`
        : `${spec} is not yanked; nothing changed`,
    );
  } else {
    const e = r.event!;
    lines.push(`${r.yanked ? 'yanked' : 'un-yanked'} ${spec} as team ${e.team} at ${e.at}: ${e.reason}`);
  }
  lines.push(
    r.offered.length
      ? `Grafana is now offered ${r.pluginId} ${r.offered.join(', ')}; the latest, ${r.latest}, is what Grafana and \`dsforge install ${r.pluginId}\` pick`
      : `Grafana is now offered no version of ${r.pluginId}: /api/plugins no longer lists it and Grafana reports "Plugin not found"`,
  );
  if (r.yanked) {
    lines.push(
      `${spec} is still served by exact version to \`dsforge install ${spec}\` and by its download URL (\`grafana cli --pluginUrl <url>\`); \`grafana cli plugins install ${r.pluginId} ${r.version}\` no longer finds it`,
      `Grafana hosts that already installed ${r.version} keep it until they install another version${r.latest ? `, e.g. \`dsforge install ${r.pluginId}@${r.latest}\`` : ''}`,
      `undo: dsforge yank ${r.pluginId} ${r.version} --undo --reason "..."`,
    );
  }
  return lines;
}

function fail(message: string): void {
  process.stderr.write(`dsforge yank: ${message}\n`);
  process.exitCode = 1;
}
