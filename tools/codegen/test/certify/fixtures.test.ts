/**
 * The proof of `dsforge certify`: a known-good plugin passes every check, and each deliberately
 * broken fixture (tools/codegen/test/fixtures/certify/) fails exactly its own check and passes the
 * others. The fixture × check matrix is printed at the end.
 *
 * Cost: the fixtures whose defect is a jsonData switch build the same backend entry as `base`, so
 * `dsforge build` would write the same binary for each; the test builds `base` once and gives each
 * of them a dist folder with that binary (hard link) and its own plugin.json — what `dsforge build`
 * produces, without eight ~5–10 s executable injections. The hardcoded-token fixture has its own
 * entry and is really built. Certification then runs on each with `build: 'auto'`, which sees the
 * dist folders are up to date.
 */
import { execFile } from 'node:child_process';
import { link, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

import { assembleDist, executablePath } from '../../src/build/assemble';
import { readPackageConfig } from '../../src/build/package-config';
import { readPluginJson } from '../../src/build/plugin-json';
import { TARGETS } from '../../src/build/targets';
import { certifyPackage, type CertifyRun } from '../../src/certify';

const ROOT = resolve(__dirname, '../../../..');
const FIXTURES = join(ROOT, 'tools/codegen/test/fixtures/certify');
const CLI = join(ROOT, 'tools/codegen/bin/dsforge.cjs');

/** Fixture → the check it must fail (undefined: passes all). */
const EXPECTED: Record<string, string | undefined> = {
  base: undefined,
  'bad-plugin-json': 'package',
  'auth-opaque': 'authentication',
  hang: 'timeout',
  'crash-on-query': 'error-recovery',
  'retry-storm': 'rate-limiting',
  leak: 'secrets',
  'hardcoded-token': 'secrets',
  'fuzz-crash': 'bad-input',
  'no-size-limit': 'resource-limits',
};
/** Fixtures built for real (own backend entry). */
const BUILT = ['base', 'hardcoded-token'];

const runs = new Map<string, CertifyRun>();
let reportDir: string;

async function build(name: string): Promise<void> {
  await promisify(execFile)(
    process.execPath,
    [CLI, 'build', join(FIXTURES, name), '--targets', 'linux_amd64'],
    {
      cwd: ROOT,
      timeout: 180_000,
    },
  );
}

/** dist/ of a jsonData-switch fixture: its plugin.json and extras, and base's binary. */
async function materialize(name: string): Promise<void> {
  const dir = join(FIXTURES, name);
  const plugin = await readPluginJson(dir);
  const out = join(dir, 'dist');
  await rm(out, { recursive: true, force: true });
  await assembleDist(dir, out, plugin, await readPackageConfig(dir));
  const base = await readPluginJson(join(FIXTURES, 'base'));
  await link(
    executablePath(join(FIXTURES, 'base/dist'), base, TARGETS.linux_amd64),
    executablePath(out, plugin, TARGETS.linux_amd64),
  );
}

beforeAll(async () => {
  reportDir = await mkdtemp(join(tmpdir(), 'dsforge-certify-'));
  for (const name of BUILT) await build(name);
  for (const name of Object.keys(EXPECTED).filter((n) => !BUILT.includes(n))) await materialize(name);
}, 300_000);

afterAll(async () => {
  const ids = [
    'package',
    'authentication',
    'timeout',
    'error-recovery',
    'rate-limiting',
    'secrets',
    'bad-input',
    'resource-limits',
  ];
  const mark = { passed: 'pass', failed: 'FAIL', skipped: 'skip' } as const;
  const lines = [...runs].map(([name, run]) => {
    const cells = ids.map((id) => {
      const r = run.results.find((x) => x.check === id);
      return (r ? mark[r.status] : '-').padEnd(6);
    });
    return `${name.padEnd(16)} ${cells.join(' ')} ${run.results.reduce((n, r) => n + r.durationMs, 0)} ms`;
  });
  // eslint-disable-next-line no-console -- the fixture × check matrix is this suite's report
  console.log(
    [
      'fixture × check (1–8)',
      `${''.padEnd(16)} ${ids.map((_, i) => String(i + 1).padEnd(6)).join(' ')}`,
      ...lines,
    ].join('\n'),
  );
  await rm(reportDir, { recursive: true, force: true });
});

describe('dsforge certify against the fixtures', () => {
  it.each(Object.entries(EXPECTED))(
    '%s fails exactly its own check',
    async (name, expected) => {
      const run = await certifyPackage({
        packageDir: join(FIXTURES, name),
        seed: 7,
        platforms: ['linux_amd64'],
        reports: ['md'],
        reportDir: join(reportDir, name),
        concurrency: 3,
        log: () => undefined,
      });
      runs.set(name, run);
      expect(run.problems).toEqual([]);
      const failed = run.results.filter((r) => r.status === 'failed');
      const why = failed.map(
        (r) =>
          `${r.check}: ${r.evidence
            .filter((e) => e.status === 'fail')
            .map((e) => `${e.label}: ${e.detail}`)
            .join(' | ')}`,
      );
      expect({ failed: failed.map((r) => r.check), why }).toEqual({
        failed: expected ? [expected] : [],
        why: expected ? [expect.stringContaining(`${expected}:`)] : [],
      });
      expect(run.results).toHaveLength(8);
      expect(run.passed).toBe(expected === undefined);
    },
    120_000,
  );
});
