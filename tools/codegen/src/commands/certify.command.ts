import { relative, resolve } from 'node:path';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';

import { parseTargets, type TargetName } from '../build/targets';
import {
  certifierKeyDir,
  certifyPackage,
  findCertifierKey,
  findDatasourcePackages,
  initCertifierKey,
  type CertifyRun,
} from '../certify';

interface CertifyArgs {
  package?: string;
  action?: string;
  all: boolean;
  seed?: number;
  report: string;
  reportDir?: string;
  certifierKey?: string;
  platforms?: string;
  build: boolean;
  readme: boolean;
  concurrency: number;
  only?: string;
  dir?: string;
}

/**
 * `dsforge certify <package> | --all | keys init`: runs the certification checks against the built
 * plugin, writes dist/certification.json and a report; exit code 1 when any package fails.
 */
export const certifyCommand: CommandModule<object, CertifyArgs> = {
  command: 'certify [package] [action]',
  describe:
    'Certify a datasource package (auth, timeouts, errors, rate limits, secrets, bad input, limits); `certify keys init` creates the certifier key',
  builder: (y: Argv) =>
    y
      .positional('package', {
        type: 'string',
        describe: 'Package folder (package.json, src/plugin.json, certify.config.json), or "keys"',
      })
      .positional('action', { type: 'string', describe: 'With "keys": init' })
      .option('all', {
        type: 'boolean',
        default: false,
        describe: 'Certify every datasource package of the workspace',
      })
      .option('seed', { type: 'number', describe: 'Seed of the generated inputs (default random; recorded)' })
      .option('report', { type: 'string', default: 'md', describe: 'Report formats: md, html or md,html' })
      .option('report-dir', { type: 'string', describe: 'Where reports go (default: the package folder)' })
      .option('certifier-key', {
        type: 'string',
        describe: 'Certifier Ed25519 private key (PEM file) to sign certification.json',
      })
      .option('platforms', {
        type: 'string',
        describe: 'Binaries required (default linux_amd64,linux_arm64,windows_amd64)',
      })
      .option('build', {
        type: 'boolean',
        default: true,
        describe: 'Build when dist is missing or stale (--no-build: certify dist as it is)',
      })
      .option('readme', {
        type: 'boolean',
        default: true,
        describe: "Update the certification status block of the package's README.md (--no-readme: leave it)",
      })
      .option('concurrency', { type: 'number', default: 1, describe: 'Checks run at once' })
      .option('only', {
        type: 'string',
        describe: 'Comma-separated check ids (debugging; not a full certification)',
      })
      .option('dir', {
        type: 'string',
        describe: 'keys init: key folder (default <keys dir>/certifier)',
      }) as unknown as Argv<CertifyArgs>,
  handler: async (args: ArgumentsCamelCase<CertifyArgs>) => {
    try {
      if (args.package === 'keys') return await keys(args);
      const reports = args.report.split(',').map((s) => s.trim());
      const bad = reports.filter((r) => r !== 'md' && r !== 'html');
      if (bad.length) return fail(`--report ${bad.join(',')}: use md, html or md,html`);
      let platforms: TargetName[] | undefined;
      if (args.platforms) {
        const parsed = parseTargets(args.platforms);
        if ('error' in parsed) return fail(parsed.error);
        platforms = parsed.targets.map((t) => t.name);
      }
      let packages: string[];
      if (args.all) {
        packages = await findDatasourcePackages(process.cwd());
        if (packages.length === 0)
          return fail(
            '--all found no package whose src/plugin.json has "type": "datasource" in this workspace',
          );
      } else if (args.package) packages = [resolve(args.package)];
      else return fail('name a package folder, or pass --all');

      const key = await findCertifierKey(args.certifierKey);
      if (!key.pem)
        process.stderr.write(
          'note: no certifier key (--certifier-key, $DSFORGE_CERTIFIER_KEY or `dsforge certify keys init`): certification.json will not be signed\n',
        );
      const runs: CertifyRun[] = [];
      for (const dir of packages) {
        const run = await certifyPackage({
          packageDir: dir,
          ...(args.seed !== undefined ? { seed: args.seed } : {}),
          ...(platforms ? { platforms } : {}),
          ...(key.pem ? { certifierKeyPem: key.pem } : {}),
          reports: reports as ('md' | 'html')[],
          ...(args.reportDir ? { reportDir: args.reportDir } : {}),
          build: args.build ? 'auto' : 'never',
          readme: args.readme,
          concurrency: args.concurrency,
          ...(args.only ? { only: args.only.split(',').map((s) => s.trim()) } : {}),
        });
        runs.push(run);
        summarise(run);
      }
      if (runs.some((r) => !r.passed)) process.exitCode = 1;
    } catch (err) {
      fail((err as Error).message);
    }
  },
};

async function keys(args: CertifyArgs): Promise<void> {
  if (args.action !== 'init') return fail('usage: dsforge certify keys init [--dir <folder>]');
  const k = await initCertifierKey(args.dir ?? certifierKeyDir());
  console.log(
    `certifier key ${k.keyId}\n  private: ${k.privatePath} (keep secret; CI secret DSFORGE_CERTIFIER_KEY points to a copy)\n  public:  ${k.publicPath} (give to the registry and \`dsforge verify --certifier-key\`)`,
  );
}

function shown(p: string): string {
  const r = relative(process.cwd(), p);
  return r.startsWith('..') ? p : r || '.';
}

function summarise(run: CertifyRun): void {
  if (run.problems.length) {
    process.stderr.write(
      `✘ ${shown(run.packageDir)}: not certified\n${run.problems.map((p) => `  - ${p}\n`).join('')}`,
    );
    return;
  }
  console.log(`${run.passed ? '✔' : '✘'} ${shown(run.packageDir)}: ${run.passed ? 'PASSED' : 'FAILED'}`);
  for (const r of run.results) {
    console.log(`  ${r.status.padEnd(7)} ${r.number}. ${r.name} (${(r.durationMs / 1000).toFixed(1)} s)`);
    if (r.status === 'failed')
      for (const e of r.evidence.filter((x) => x.status === 'fail'))
        console.log(`           ✘ ${e.label}: ${e.detail}`);
    if (r.status === 'skipped') console.log(`           ${r.reason ?? ''}`);
  }
  if (run.certificationPath)
    console.log(
      `  ${shown(run.certificationPath)}${run.certification?.signature ? ` (signed, key ${run.certification.signature.keyId})` : ' (unsigned)'}`,
    );
  for (const p of run.reportPaths) console.log(`  ${shown(p)}`);
  if (run.readme && run.readme.status !== 'skipped')
    console.log(
      `  ${shown(run.readme.path)}: ${run.readme.status === 'problem' ? `not updated (${run.readme.problem})` : `status block ${run.readme.status}`}`,
    );
}

function fail(message: string): void {
  process.stderr.write(`dsforge certify: ${message}\n`);
  process.exitCode = 1;
}
