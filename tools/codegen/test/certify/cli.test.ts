/**
 * `dsforge certify` as a user runs it (child process): the certifier key, a signed
 * certification.json a registry can verify and re-hash, the exit code, and `--all`. The package
 * here is a throwaway folder whose "binary" is a small real executable, certified with
 * `--only package --no-build` so no plugin has to be built.
 */
import { execFile } from 'node:child_process';
import { appendFile, chmod, copyFile, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { findDatasourcePackages } from '../../src/certify';
import {
  certificationMatches,
  hashFile,
  verifyCertification,
  type Certification,
} from '../../src/package/trust';

const ROOT = resolve(__dirname, '../../../..');
const CLI = join(ROOT, 'tools/codegen/bin/dsforge.cjs');

function dsforge(args: string[], cwd = ROOT): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((res) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { cwd, timeout: 120_000, env: { ...process.env, DSFORGE_CERTIFIER_KEY: '' } },
      (err, stdout, stderr) =>
        res({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const PLUGIN = {
  type: 'datasource',
  name: 'CLI certify test',
  id: 'dsforge-clitest-datasource',
  backend: true,
  executable: 'gpx_cli',
  info: {
    description: 'certify CLI test',
    author: { name: 'dsforge' },
    keywords: ['test'],
    logos: { small: 'img/logo.svg', large: 'img/logo.svg' },
    version: '0.1.0',
    updated: '2026-01-01',
  },
  dependencies: { grafanaDependency: '>=12.4.0', plugins: [] },
};

let dir: string;
let pkg: string;
let keyDir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dsforge-certify-cli-'));
  pkg = join(dir, 'pkg');
  keyDir = join(dir, 'keys');
  await mkdir(join(pkg, 'src'), { recursive: true });
  await mkdir(join(pkg, 'dist/img'), { recursive: true });
  await writeFile(join(pkg, 'package.json'), JSON.stringify({ name: 'cli-test', version: '0.1.0' }));
  await writeFile(join(pkg, 'src/plugin.json'), JSON.stringify(PLUGIN));
  await writeFile(join(pkg, 'dist/plugin.json'), JSON.stringify(PLUGIN));
  await writeFile(join(pkg, 'dist/img/logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  await writeFile(
    join(pkg, 'certify.config.json'),
    JSON.stringify({
      auth: { type: 'none', reason: 'test' },
      upstream: { none: 'test' },
      queries: [{ name: 'q', json: {} }],
    }),
  );
  // Any small real ELF executable stands in for the plugin binary (only the package check runs).
  await copyFile('/bin/true', join(pkg, 'dist/gpx_cli_linux_amd64'));
  await chmod(join(pkg, 'dist/gpx_cli_linux_amd64'), 0o755);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('dsforge certify (CLI)', () => {
  it('creates a certifier key pair with a private key only its owner can read', async () => {
    const r = await dsforge(['certify', 'keys', 'init', '--dir', keyDir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/certifier key [0-9a-f]{16}/);
    expect((await stat(join(keyDir, 'certifier.key.pem'))).mode & 0o777).toBe(0o600);
    const again = await dsforge(['certify', 'keys', 'init', '--dir', keyDir]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already exists/);
  });

  it('writes a signed certification.json that verifies and names a binary changed afterwards', async () => {
    const r = await dsforge([
      'certify',
      pkg,
      '--only',
      'package',
      '--no-build',
      '--platforms',
      'linux_amd64',
      '--seed',
      '5',
      '--report',
      'md,html',
      '--certifier-key',
      join(keyDir, 'certifier.key.pem'),
    ]);
    expect(r.stderr).not.toMatch(/not certified/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/PASSED/);
    const doc = JSON.parse(await readFile(join(pkg, 'dist/certification.json'), 'utf8')) as Certification;
    expect(doc).toMatchObject({
      v: 1,
      tool: 'dsforge-certify',
      seed: 5,
      passed: true,
      plugin: { id: PLUGIN.id, version: '0.1.0' },
    });
    expect(Object.keys(doc.files).sort()).toEqual(['gpx_cli_linux_amd64', 'img/logo.svg', 'plugin.json']);
    const pub = await readFile(join(keyDir, 'certifier.pub.pem'), 'utf8');
    expect(verifyCertification(doc, pub)).toEqual({ valid: true });
    expect(doc.results[0]).toMatchObject({
      check: 'package',
      status: 'passed',
      why: expect.any(String),
      fixHint: expect.any(String),
      durationMs: expect.any(Number),
      evidence: expect.any(Array),
    });

    const entries = async () =>
      Promise.all(
        Object.keys(doc.files).map(async (p) => ({
          path: `${PLUGIN.id}/${p}`,
          sha256: await hashFile(join(pkg, 'dist', p)),
        })),
      );
    expect(certificationMatches(doc, await entries())).toEqual({ ok: true, mismatches: [] });
    await appendFile(join(pkg, 'dist/gpx_cli_linux_amd64'), Buffer.from([0]));
    expect(certificationMatches(doc, await entries()).mismatches).toEqual([
      expect.stringMatching(/^gpx_cli_linux_amd64 changed after certification/),
    ]);

    const md = await readFile(join(pkg, 'certification-report.md'), 'utf8');
    expect(md).toMatch(/# Certification: dsforge-clitest-datasource 0\.1\.0 — PASSED/);
    expect(md).toMatch(/signature: Ed25519, certifier key [0-9a-f]{16}/);
    expect(await readFile(join(pkg, 'certification-report.html'), 'utf8')).toMatch(
      /<h1>Certification: dsforge-clitest-datasource/,
    );
  });

  it('exits non-zero and says why when a check fails', async () => {
    await writeFile(
      join(pkg, 'dist/plugin.json'),
      JSON.stringify({ ...PLUGIN, info: { ...PLUGIN.info, version: '9.9.9' } }),
    );
    const r = await dsforge([
      'certify',
      pkg,
      '--only',
      'package',
      '--no-build',
      '--platforms',
      'linux_amd64',
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/FAILED/);
    expect(r.stdout).toMatch(
      /version: plugin.json info.version "9.9.9" differs from package.json version "0.1.0"/,
    );
    expect(r.stderr).toMatch(/will not be signed/);
    const doc = JSON.parse(await readFile(join(pkg, 'dist/certification.json'), 'utf8')) as Certification;
    expect(doc.passed).toBe(false);
    expect(doc.signature).toBeUndefined();
  });

  it('--all finds the datasource packages of the workspace, and fails when there are none', async () => {
    const found = (await findDatasourcePackages(ROOT)).map((p) => p.slice(ROOT.length + 1));
    expect(found).toEqual(expect.arrayContaining(['examples/example-datasource', 'examples/kit-datasource']));
    const empty = join(dir, 'ws');
    await mkdir(join(empty, 'packages/lib/src'), { recursive: true });
    await writeFile(join(empty, 'pnpm-workspace.yaml'), 'packages:\n  - packages/*\n');
    const r = await dsforge(['certify', '--all'], empty);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--all found no package whose src\/plugin.json has "type": "datasource"/);
  });

  it('names every problem of a bad certify.config.json', async () => {
    await writeFile(
      join(pkg, 'certify.config.json'),
      JSON.stringify({ auth: { type: 'apiKey' }, queries: [] }),
    );
    const r = await dsforge(['certify', pkg, '--no-build', '--platforms', 'linux_amd64']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/certify\.config\.json: auth\.valid: must map/);
    expect(r.stderr).toMatch(/certify\.config\.json: queries: list one sample query/);
  });
});
