/**
 * `certifyPackage`: one package through the whole certification — config, build when stale, the
 * eight checks against the built plugin and mock upstreams, `dist/certification.json` (signed
 * when a certifier key is at hand) and the Markdown/HTML report.
 * @module
 */
import { randomInt } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { ALL_TARGETS, TARGETS, type TargetName } from '../build/targets';
import type { Certification } from '../package/trust';
import { buildCertification, writeCertification } from './certification';
import { CHECKS } from './checks';
import { readCertifyConfig } from './config';
import { runChecks } from './engine';
import { ensureBuilt, hostTarget, readPackage } from './prepare';
import { updateReadmeStatus, type ReadmeUpdate } from './readme-status';
import { htmlReport } from './report/html';
import { markdownReport } from './report/markdown';
import type { CertifyContext, CheckResult } from './types';

/** Options of {@link certifyPackage}. */
export interface CertifyOptions {
  packageDir: string;
  /** Seed of generated inputs (default: random, recorded in certification.json). */
  seed?: number;
  /** Platforms whose binaries must be present (default all three). */
  platforms?: TargetName[];
  /** Certifier Ed25519 private key (PEM); without one certification.json is unsigned. */
  certifierKeyPem?: string;
  /** Report formats (default `['md']`). */
  reports?: ('md' | 'html')[];
  /** Where reports go (default: the package folder, `certification-report.md|html`). */
  reportDir?: string;
  /** `never`: do not build, certify what is in dist (default `auto`: build when stale). */
  build?: 'auto' | 'never';
  /** Checks at once (default 1). */
  concurrency?: number;
  /** Only these check ids (debugging; the certification then records only these). */
  only?: string[];
  /** Update the status block of the package's README.md (default true; `--no-readme`). */
  readme?: boolean;
  /** Progress lines (default stderr). */
  log?: (line: string) => void;
}

/** What a run produced. */
export interface CertifyRun {
  packageDir: string;
  passed: boolean;
  /** Problems that stopped certification before the checks (bad config, no package, build failed). */
  problems: string[];
  results: CheckResult[];
  certification?: Certification;
  certificationPath?: string;
  reportPaths: string[];
  /** What happened to the README's status block (absent with `readme: false`). */
  readme?: ReadmeUpdate;
}

const fail = (packageDir: string, problems: string[]): CertifyRun => ({
  packageDir,
  passed: false,
  problems,
  results: [],
  reportPaths: [],
});

/** See the module comment. Never throws for a bad package: problems are in the result. */
export async function certifyPackage(opts: CertifyOptions): Promise<CertifyRun> {
  const log = opts.log ?? ((l: string) => process.stderr.write(`${l}\n`));
  const pkg = await readPackage(opts.packageDir);
  if ('problem' in pkg) return fail(opts.packageDir, [pkg.problem]);
  const cfg = await readCertifyConfig(pkg.dir);
  if (!cfg.ok)
    return fail(
      pkg.dir,
      cfg.problems.map((p) => `certify.config.json: ${p.field}: ${p.message}`),
    );

  const host = hostTarget();
  if (!host)
    return fail(pkg.dir, [
      `certification runs the plugin binary; ${process.platform}/${process.arch} has none (use linux amd64/arm64 or windows amd64)`,
    ]);
  const platforms = opts.platforms ?? [...ALL_TARGETS];
  const needed = platforms.includes(host) ? platforms : [...platforms, host];
  if (opts.build !== 'never') {
    try {
      await ensureBuilt(pkg, needed, log);
    } catch (err) {
      return fail(pkg.dir, [`dsforge build failed: ${(err as Error).message}`]);
    }
  }
  if (!pkg.executable)
    return fail(pkg.dir, ['src/plugin.json has no "executable": certification needs a backend plugin']);

  const seed = opts.seed ?? randomInt(1, 2 ** 31 - 1);
  const ctx: CertifyContext = {
    pkg,
    config: cfg.config,
    seed,
    platforms,
    binary: join(pkg.distDir, pkg.executable + TARGETS[host].fileSuffix),
    log,
  };
  log(`dsforge certify ${pkg.id} (seed ${seed})`);
  const checks = opts.only ? CHECKS.filter((c) => opts.only!.includes(c.id)) : CHECKS;
  const results = await runChecks(checks, ctx, {
    concurrency: opts.concurrency ?? 1,
    onResult: (r) =>
      log(
        `  ${r.status === 'passed' ? '✔' : r.status === 'failed' ? '✘' : '–'} ${r.number}. ${r.name}: ${r.status} (${r.durationMs} ms)`,
      ),
  });

  const version = String(
    pkg.packageJson.version ??
      (pkg.srcPluginJson.info as { version?: unknown } | undefined)?.version ??
      '0.0.0',
  );
  const doc = await buildCertification({ distDir: pkg.distDir, id: pkg.id, version, seed, results });
  const certification = await writeCertification(pkg.distDir, doc, opts.certifierKeyPem);
  const reportPaths: string[] = [];
  const dir = opts.reportDir ?? pkg.dir;
  await mkdir(dir, { recursive: true });
  for (const f of opts.reports ?? ['md']) {
    const path = join(dir, `certification-report.${f}`);
    await writeFile(
      path,
      f === 'md' ? markdownReport(certification, results) : htmlReport(certification, results),
    );
    reportPaths.push(path);
  }
  const mdReport = reportPaths.find((p) => p.endsWith('.md'));
  const readme =
    opts.readme === false
      ? undefined
      : await updateReadmeStatus({
          packageDir: pkg.dir,
          certification,
          ...(mdReport ? { reportPath: mdReport } : {}),
        });
  if (readme?.status === 'problem') log(`  README.md not updated: ${readme.problem}`);
  return {
    packageDir: pkg.dir,
    passed: certification.passed,
    problems: [],
    results,
    certification,
    certificationPath: join(pkg.distDir, 'certification.json'),
    reportPaths,
    ...(readme ? { readme } : {}),
  };
}
