import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { createRegistry, DEFAULT_MAX_UPLOAD_BYTES, newTeamToken, openStorage } from '@dsforge/registry';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

interface CommonArgs {
  data: string;
  database?: string;
}
interface ServeArgs extends CommonArgs {
  port: number;
  host: string;
  certifierKey?: string;
  keyring?: string;
  maxUploadBytes: number;
  artifacts?: string;
}
interface TeamArgs extends CommonArgs {
  action: string;
  team: string;
  owns: string[];
}

const defaultData = () => process.env.DSFORGE_REGISTRY_DATA ?? join(homedir(), '.dsforge', 'registry');

const storageOptions = (y: Argv) =>
  y
    .option('data', {
      type: 'string',
      default: defaultData(),
      describe:
        'Data directory (SQLite database, artifacts); created when missing. Env DSFORGE_REGISTRY_DATA',
    })
    .option('database', {
      type: 'string',
      describe: 'postgres://… URL: keep metadata in PostgreSQL instead of SQLite',
    });

const serve: CommandModule<object, ServeArgs> = {
  command: 'serve',
  describe: 'Run the registry (web UI, publish/install API, Grafana-compatible /api/plugins)',
  builder: (y: Argv) =>
    storageOptions(y)
      .option('port', { type: 'number', default: 3838, describe: 'Port (0 picks a free one)' })
      .option('host', { type: 'string', default: '0.0.0.0', describe: 'Interface to listen on' })
      .option('certifier-key', {
        type: 'string',
        describe: 'Certifier public key (PEM); default <data>/certifier.pub.pem',
      })
      .option('keyring', {
        type: 'string',
        describe: 'Company keyring JSON (dsforge keys export); default <data>/keyring.json',
      })
      .option('artifacts', {
        type: 'string',
        describe: 'Artifact directory (share it between instances); default <data>/artifacts',
      })
      .option('max-upload-bytes', {
        type: 'number',
        default: DEFAULT_MAX_UPLOAD_BYTES,
        describe: 'Largest accepted publish upload',
      }) as unknown as Argv<ServeArgs>,
  handler: async (args: ArgumentsCamelCase<ServeArgs>) => {
    let reg;
    try {
      reg = await createRegistry({
        dataDir: resolve(args.data),
        database: args.database,
        artifactsDir: args.artifacts ? resolve(args.artifacts) : undefined,
        keyringPath: args.keyring ? resolve(args.keyring) : undefined,
        certifierPublicKeyPem: args.certifierKey
          ? await readFile(resolve(args.certifierKey), 'utf8')
          : undefined,
        maxUploadBytes: args.maxUploadBytes,
        logger: false,
      });
      await reg.app.listen({ port: args.port, host: args.host });
    } catch (err) {
      await reg?.close().catch(() => undefined);
      return fail(`cannot start the registry: ${(err as Error).message}`);
    }
    const { port } = reg.app.server.address() as { port: number };
    const host = args.host === '0.0.0.0' || args.host === '::' ? 'localhost' : args.host;
    console.log(`dsforge registry listening on http://${host}:${port}`);
    if (!reg.context.certifierPublicKeyPem) {
      process.stderr.write(
        'warning: no certifier key (--certifier-key); every publish will be refused until one is set\n',
      );
    }
    const stop = () => {
      void reg.close().finally(() => process.exit(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  },
};

const team: CommandModule<object, TeamArgs> = {
  command: 'team <action> <team>',
  describe:
    'Admin: `team add <team> --owns <prefix>` creates a team (or a new token for it) and prints its token',
  builder: (y: Argv) =>
    storageOptions(y)
      .positional('action', { type: 'string', choices: ['add'], demandOption: true })
      .positional('team', { type: 'string', demandOption: true, describe: 'Team name' })
      .option('owns', {
        type: 'string',
        array: true,
        demandOption: true,
        describe: 'Plugin id prefix the team may publish (repeatable)',
      }) as unknown as Argv<TeamArgs>,
  handler: async (args: ArgumentsCamelCase<TeamArgs>) => {
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(args.team)) {
      return fail(`team name "${args.team}" must be letters, digits, dot, dash or underscore`);
    }
    const owns = args.owns.map((o) => o.trim()).filter(Boolean);
    if (owns.length === 0) return fail('--owns needs a plugin id prefix, e.g. --owns acme-');
    let storage;
    try {
      storage = await openStorage({ dataDir: resolve(args.data), database: args.database });
      const t = newTeamToken();
      await storage.upsertTeam({
        name: args.team,
        tokenId: t.tokenId,
        tokenHash: t.tokenHash,
        owns,
        createdAt: new Date().toISOString(),
      });
      const saved = await storage.getTeam(args.team);
      process.stderr.write(
        `team ${args.team} owns ${saved!.owns.join(', ')}; its token (shown once, stored hashed; any older token stops working):\n`,
      );
      console.log(t.token);
    } catch (err) {
      return fail((err as Error).message);
    } finally {
      await storage?.close();
    }
  },
};

/** `dsforge registry serve|team`: run and administer the internal plugin registry. */
export const registryCommand: CommandModule = {
  command: 'registry <command>',
  describe: 'Run the internal plugin registry (serve) and manage teams (team add)',
  builder: (y: Argv) => y.command(serve).command(team).demandCommand(1),
  handler: () => undefined,
};

function fail(message: string): void {
  process.stderr.write(`dsforge registry: ${message}\n`);
  process.exitCode = 1;
}
