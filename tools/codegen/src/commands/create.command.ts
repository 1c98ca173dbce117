import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';

import {
  CliError,
  createPackage,
  defaultPluginId,
  formatMessage,
  PLUGIN_ID,
  PLUGIN_ID_RULE,
  suggestPluginId,
  updatePackage,
  type GenerateOptions,
  type PackageKind,
  type RunResult,
} from '../generate';
import { SchemaError } from '../schema';

interface CreateArgs {
  openapi?: string;
  graphql?: string;
  endpoint?: string;
  wrapper?: boolean;
  backendOnly?: boolean;
  name?: string;
  id?: string;
  org?: string;
  out?: string;
  include?: string[];
  exclude?: string[];
  link?: string;
  dryRun?: boolean;
  json?: boolean;
  createdAt?: string;
}

interface UpdateArgs {
  package: string;
  schema?: string;
  dryRun?: boolean;
  json?: boolean;
}

const interactive = () => Boolean(process.stdin.isTTY && process.stdout.isTTY);

/** Asks for a value on a TTY; without one, a missing value is a usage error naming the flag. */
async function ask(flag: string, question: string, example: string): Promise<string> {
  if (!interactive()) {
    throw new CliError(
      { title: `Missing ${flag}`, body: [`Pass it on the command line, e.g. ${flag} ${example}.`] },
      2,
    );
  }
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    for (;;) {
      const answer = (await rl.question(`${question} `)).trim();
      if (answer) return answer;
    }
  } finally {
    rl.close();
  }
}

/** Refuses a plugin id grafana.com's catalog (and `dsforge certify`) would reject. */
function checkId(id: string, from: string): void {
  if (PLUGIN_ID.test(id)) return;
  throw new CliError(
    {
      title: `${from === '--id' ? `--id ${id}` : `The plugin id ${id} (from ${from})`} is not a valid datasource plugin id`,
      body: [`grafana.com's catalog requires it: ${PLUGIN_ID_RULE}.`, `Use e.g. --id ${suggestPluginId(id)}`],
    },
    2,
  );
}

async function resolveOptions(args: CreateArgs): Promise<GenerateOptions> {
  // Checked before anything else is asked or read: a package with an id the catalog refuses
  // would generate fine and only fail at certification.
  if (args.id !== undefined) checkId(args.id, '--id');
  const chosen = [
    args.openapi !== undefined && 'openapi',
    args.graphql !== undefined && 'graphql',
    args.wrapper && 'wrapper',
    args.backendOnly && 'backend-only',
  ].filter(Boolean) as PackageKind[];
  if (chosen.length > 1) {
    throw new CliError(
      { title: `Choose one of --openapi, --graphql, --wrapper, --backend-only (got ${chosen.join(', ')})` },
      2,
    );
  }
  let kind = chosen[0];
  let schema = args.openapi ?? args.graphql;
  if (!kind) {
    const answer = await ask(
      '--openapi <file|dir>',
      'OpenAPI file or directory (or "graphql:<file>", "wrapper", "backend-only"):',
      'api.yaml',
    );
    if (answer === 'wrapper' || answer === 'backend-only') kind = answer;
    else if (answer.startsWith('graphql:')) [kind, schema] = ['graphql', answer.slice(8)];
    else [kind, schema] = ['openapi', answer];
  }
  if ((kind === 'openapi' || kind === 'graphql') && !schema) {
    schema = await ask(
      `--${kind} <file>`,
      'Schema file:',
      kind === 'graphql' ? 'schema.graphql' : 'api.yaml',
    );
  }
  if (schema && !existsSync(schema)) {
    throw new CliError(
      {
        title: `Schema ${schema} not found`,
        body: ['Pass the path of an OpenAPI file or directory, or a GraphQL schema.'],
      },
      2,
    );
  }
  const endpoint =
    kind === 'graphql'
      ? (args.endpoint ??
        (await ask('--endpoint <url>', 'GraphQL endpoint URL:', 'http://localhost:4000/graphql')))
      : undefined;
  if (endpoint && !/^https?:\/\/./.test(endpoint)) {
    throw new CliError(
      {
        title: `--endpoint ${endpoint} is not an http(s) URL`,
        body: ['e.g. --endpoint http://localhost:4000/graphql'],
      },
      2,
    );
  }
  const name = args.name ?? (await ask('--name <name>', 'Datasource name:', '"Orders API"'));
  const id = args.id ?? defaultPluginId(name, args.org);
  checkId(id, args.org !== undefined ? '--org/--name' : '--name');
  const out = resolve(args.out ?? (existsSync('packages') ? 'packages' : '.'));
  return {
    kind,
    name,
    id,
    packageDir: resolve(out, id),
    ...(schema ? { schema: resolve(schema) } : {}),
    ...(endpoint ? { endpoint } : {}),
    ...(args.include?.length ? { include: args.include } : {}),
    ...(args.exclude?.length ? { exclude: args.exclude } : {}),
    ...(args.link ? { link: resolve(args.link) } : {}),
    createdAt: args.createdAt ?? new Date().toISOString(),
  };
}

function summary(result: RunResult, dryRun: boolean): Record<string, unknown> {
  const { plan } = result;
  return {
    dryRun,
    id: plan.options.id,
    kind: plan.options.kind,
    packageDir: plan.options.packageDir,
    operations: plan.reads.map((o) => ({ id: o.id, method: o.method, path: o.path, reason: o.queryReason })),
    skipped: plan.skipped,
    warnings: plan.warnings,
    files: result.changes,
    kept: result.kept,
  };
}

function report(result: RunResult, args: { dryRun?: boolean; json?: boolean }, verb: string): void {
  if (args.json) {
    process.stdout.write(JSON.stringify(summary(result, Boolean(args.dryRun)), null, 2) + '\n');
    return;
  }
  const { plan } = result;
  const lines = [
    `query types (${plan.reads.length}):`,
    ...plan.reads.map((o) => `  ${o.id}  ${o.method} ${o.path}`),
    `files (${result.changes.length}):`,
    ...result.changes.map((c) => `  ${c.action.padEnd(6)} ${c.path}`),
    ...(result.kept.length
      ? [`kept as you left them (${result.kept.length}):`, ...result.kept.map((p) => `  ${p}`)]
      : []),
    ...plan.warnings.map((w) => `warning: ${w}`),
  ];
  process.stdout.write(lines.join('\n') + '\n');
  const next = args.dryRun
    ? ['Nothing was written (--dry-run).']
    : [
        'Next: pnpm install (at the workspace root), then in the package: pnpm typecheck && pnpm build && pnpm test',
      ];
  process.stderr.write(formatMessage({ title: `${verb} ${plan.options.id}`, body: next }, 'success'));
}

/** Prints a failure as `{title, body}` and sets the exit code (2 usage, 1 schema/other). */
function fail(err: unknown): void {
  if (err instanceof CliError) {
    process.stderr.write(formatMessage(err.msg, 'error'));
    process.exitCode = err.exitCode;
  } else if (err instanceof SchemaError) {
    process.stderr.write(
      formatMessage({ title: 'The schema cannot be read', body: err.message.split('\n') }, 'error'),
    );
    process.exitCode = 1;
  } else throw err;
}

const progress = (json?: boolean) => (step: string) => {
  if (!json) process.stderr.write(`  … ${step}\n`);
};

/** `create-datasource [--openapi|--graphql|--wrapper|--backend-only] --name ...`: a new datasource package. */
export const createCommand: CommandModule<object, CreateArgs> = {
  command: '$0',
  describe: 'Generate a Grafana datasource plugin package from an OpenAPI or GraphQL schema',
  builder: (y: Argv) =>
    y
      .option('openapi', {
        type: 'string',
        describe: 'OpenAPI 2.0/3.x file (YAML/JSON) or a directory of files',
      })
      .option('graphql', { type: 'string', describe: 'GraphQL SDL file or introspection JSON' })
      .option('endpoint', { type: 'string', describe: 'GraphQL endpoint URL (with --graphql)' })
      .option('wrapper', {
        type: 'boolean',
        describe: 'Hand-written mapping from Grafana queries to an internal API',
      })
      .option('backend-only', { type: 'boolean', describe: 'Backend plugin with a minimal editor' })
      .option('name', { type: 'string', describe: 'Datasource display name, e.g. "Orders API"' })
      .option('id', { type: 'string', describe: 'Plugin id (default <org>-<name>-datasource)' })
      .option('org', { type: 'string', describe: 'Organisation part of the default id', default: 'dsforge' })
      .option('out', {
        type: 'string',
        describe: 'Folder the package goes into (default packages/ when present)',
      })
      .option('include', { type: 'string', array: true, describe: 'Only these operationIds (globs allowed)' })
      .option('exclude', {
        type: 'string',
        array: true,
        describe: 'Leave out these operationIds (globs allowed)',
      })
      .option('link', {
        type: 'string',
        describe: 'Path to a dsforge checkout: link: dependencies (outside the monorepo)',
      })
      .option('dry-run', { type: 'boolean', describe: 'List the files and chosen operations; write nothing' })
      .option('json', { type: 'boolean', describe: 'Print a machine-readable summary on stdout' })
      .option('created-at', { type: 'string', hidden: true }) as unknown as Argv<CreateArgs>,
  handler: async (args: ArgumentsCamelCase<CreateArgs>) => {
    try {
      const opts = await resolveOptions(args);
      const result = await createPackage(opts, { dryRun: args.dryRun, progress: progress(args.json) });
      report(result, args, args.dryRun ? 'Would create' : 'Created');
    } catch (err) {
      fail(err);
    }
  },
};

/** `create-datasource update <package>`: regenerate managed files after the schema changed. */
export const updateCommand: CommandModule<object, UpdateArgs> = {
  command: 'update <package>',
  describe: 'Regenerate .config/ and src/generated/ from the schema, keeping your files',
  builder: (y: Argv) =>
    y
      .positional('package', { type: 'string', demandOption: true, describe: 'The generated package folder' })
      .option('schema', { type: 'string', describe: 'Read this schema instead of the recorded one' })
      .option('dry-run', { type: 'boolean', describe: 'List what would change; write nothing' })
      .option('json', {
        type: 'boolean',
        describe: 'Print a machine-readable summary on stdout',
      }) as unknown as Argv<UpdateArgs>,
  handler: async (args: ArgumentsCamelCase<UpdateArgs>) => {
    try {
      const result = await updatePackage(args.package, {
        dryRun: args.dryRun,
        progress: progress(args.json),
        schema: args.schema,
      });
      report(result, args, args.dryRun ? 'Would update' : 'Updated');
    } catch (err) {
      fail(err);
    }
  },
};
