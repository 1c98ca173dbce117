// The CLI end to end, as child processes (yargs does not run inside jest): keys, package, sign,
// verify, and interop with Debian's gpg.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { makeDist, FIXTURE_ID, entryDataOffset } from './test-fixtures';
import { craftZip, generateCertifierKey, hashFile, signCertification, type Certification } from './trust';

const CLI = resolve(__dirname, '../../bin/dsforge.cjs');
const tmp = mkdtempSync(join(tmpdir(), 'dsforge-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function dsforge(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
function verifyJson(zip: string, extra: string[] = []) {
  const r = dsforge(['verify', zip, '--json', ...extra], { DSFORGE_KEYS_DIR: keys });
  return {
    code: r.code,
    report: JSON.parse(r.stdout) as { ok: boolean; problems: string[]; signature: Record<string, string> },
  };
}

const keys = join(tmp, 'keys');
const certifier = generateCertifierKey();
const certifierPem = join(tmp, 'certifier.pub.pem');
writeFileSync(certifierPem, certifier.publicKeyPem);

/** A dist folder with a signed certification.json listing its files, packaged and company-signed. */
async function certifiedPackage(name: string) {
  const dist = makeDist(join(tmp, name, 'dist'));
  const files: Record<string, string> = {};
  for (const f of [
    'CHANGELOG.md',
    'LICENSE',
    'README.md',
    'img/logo.svg',
    'module.js',
    'plugin.json',
    'gpx_tiny_linux_amd64',
    'gpx_tiny_linux_arm64',
    'gpx_tiny_windows_amd64.exe',
  ]) {
    files[f] = await hashFile(join(dist, f));
  }
  const doc: Certification = {
    v: 1,
    tool: 'dsforge-certify',
    toolVersion: '0.1.0',
    plugin: { id: FIXTURE_ID, version: '1.2.3' },
    certifiedAt: new Date().toISOString(),
    seed: 7,
    files,
    results: [{ check: 'package', status: 'passed' }],
    passed: true,
  };
  writeFileSync(
    join(dist, 'certification.json'),
    JSON.stringify(signCertification(doc, certifier.privateKeyPem), null, 2),
  );
  const out = join(tmp, name, 'out');
  const p = dsforge(['package', dist, '--out', out, '--json']);
  expect(p.stderr).toBe('');
  const zips = JSON.parse(p.stdout).zips as { platform: string; path: string }[];
  return {
    dist,
    out,
    zip: zips.find((z) => z.platform === 'linux_amd64')!.path,
    any: zips.find((z) => z.platform === 'any')!.path,
  };
}

describe('dsforge keys / sign / verify', () => {
  let pkg: Awaited<ReturnType<typeof certifiedPackage>>;
  beforeAll(async () => {
    const init = dsforge(['keys', 'init', '--name', 'Acme Plugins', '--email', 'plugins@acme.test'], {
      DSFORGE_KEYS_DIR: keys,
    });
    expect(init.stderr).toBe('');
    pkg = await certifiedPackage('main');
    expect(dsforge(['sign', pkg.zip], { DSFORGE_KEYS_DIR: keys }).code).toBe(0);
  });

  it('verifies a signed, certified package: signature, certification and hashes', () => {
    const r = dsforge(['verify', pkg.zip, '--certifier-key', certifierPem], { DSFORGE_KEYS_DIR: keys });
    expect(r.stdout).toMatch(/^OK {2}acme-tiny-datasource@1\.2\.3/);
    expect(r.stdout).toMatch(/company signature: valid by [0-9a-f]{40} \(current\)/);
    expect(r.stdout).toContain('certification:     valid');
    expect(r.code).toBe(0);
  });

  it('writes the signature beside the zip, never inside the plugin folder', () => {
    expect(readFileSync(`${pkg.zip}.sig`, 'utf8')).toMatch(/^-----BEGIN PGP SIGNATURE-----/);
    expect(execFileSync('unzip', ['-Z1', pkg.zip], { encoding: 'utf8' })).not.toMatch(/\.sig/);
  });

  it('names the file when one byte of a binary changed after certification, with both hashes', async () => {
    const bin = join(pkg.dist, 'gpx_tiny_linux_amd64');
    const certified = await hashFile(bin);
    const bytes = readFileSync(bin);
    bytes[10] = bytes[10]! ^ 0xff;
    // Re-package a copy of the dist with the changed binary, then sign it: the signature is fine,
    // the certification is not.
    const dist2 = join(tmp, 'tampered', 'dist');
    cpSync(pkg.dist, dist2, { recursive: true });
    writeFileSync(join(dist2, 'gpx_tiny_linux_amd64'), bytes);
    const p = dsforge(['package', dist2, '--out', join(tmp, 'tampered', 'out'), '--json']);
    const zip = (JSON.parse(p.stdout).zips as { platform: string; path: string }[])[0]!.path;
    dsforge(['sign', zip], { DSFORGE_KEYS_DIR: keys });
    const { code, report } = verifyJson(zip, ['--certifier-key', certifierPem]);
    expect(code).toBe(1);
    expect(report.problems).toEqual([
      `certification: gpx_tiny_linux_amd64 changed after certification: certified sha256 ${certified}, package has ${await hashFile(join(dist2, 'gpx_tiny_linux_amd64'))}`,
    ]);
  });

  it('names the entry when one byte of the zip itself is flipped, and the signature fails', async () => {
    const zip = join(tmp, 'flipped.zip');
    const bytes = readFileSync(pkg.zip);
    const at = (await entryDataOffset(pkg.zip, `${FIXTURE_ID}/gpx_tiny_linux_amd64`)) + 200;
    bytes[at] = bytes[at]! ^ 0x01;
    writeFileSync(zip, bytes);
    writeFileSync(`${zip}.sig`, readFileSync(`${pkg.zip}.sig`));
    const { code, report } = verifyJson(zip);
    expect(code).toBe(1);
    expect(report.problems.join('\n')).toContain(`entry "${FIXTURE_ID}/gpx_tiny_linux_amd64" is damaged`);
    expect(report.problems.join('\n')).toMatch(/company signature: the signature does not match the data/);
  });

  it('rejects a signature made by a key that is not in the keyring', () => {
    const other = join(tmp, 'other-keys');
    dsforge(['keys', 'init'], { DSFORGE_KEYS_DIR: other });
    const zip = join(tmp, 'wrongkey.zip');
    writeFileSync(zip, readFileSync(pkg.zip));
    dsforge(['sign', zip], { DSFORGE_KEYS_DIR: other });
    const { code, report } = verifyJson(zip);
    expect(code).toBe(1);
    expect(report.problems[0]).toMatch(
      /^company signature: signed by key [0-9a-f]{16}, which is not in the keyring$/,
    );
  });

  it('rejects a certification from another certifier', () => {
    const wrong = join(tmp, 'wrong-certifier.pem');
    writeFileSync(wrong, generateCertifierKey().publicKeyPem);
    const { code, report } = verifyJson(pkg.zip, ['--certifier-key', wrong]);
    expect(code).toBe(1);
    expect(report.problems[0]).toMatch(
      /certification\.json was signed by certifier key [0-9a-f]{16}, not the trusted key/,
    );
  });

  it('after rotation, the old key still verifies what it signed and only the new key signs; a revoked key verifies nothing', () => {
    const k = join(tmp, 'rot-keys');
    dsforge(['keys', 'init'], { DSFORGE_KEYS_DIR: k });
    const old = join(tmp, 'old.zip');
    writeFileSync(old, readFileSync(pkg.zip));
    dsforge(['sign', old], { DSFORGE_KEYS_DIR: k });
    const oldFp = /[0-9a-f]{40}/.exec(dsforge(['keys', 'list'], { DSFORGE_KEYS_DIR: k }).stdout)![0];
    // Rotation time is second-granular; wait so the old signature is strictly before it.
    execFileSync('sleep', ['1.1']);
    expect(dsforge(['keys', 'rotate'], { DSFORGE_KEYS_DIR: k }).stdout).toContain(`retired ${oldFp}`);
    const fresh = join(tmp, 'new.zip');
    writeFileSync(fresh, readFileSync(pkg.zip));
    dsforge(['sign', fresh], { DSFORGE_KEYS_DIR: k });
    const ring = ['--keyring', join(k, 'keyring.json')];
    expect(verifyJson(old, ring).report.signature).toMatchObject({
      status: 'valid',
      fingerprint: oldFp,
      keyStatus: 'retired',
    });
    expect(verifyJson(fresh, ring).report.signature).toMatchObject({ status: 'valid', keyStatus: 'current' });

    const revoke = dsforge(['keys', 'revoke', oldFp, '--reason', 'key leaked'], { DSFORGE_KEYS_DIR: k });
    expect(revoke.code).toBe(0);
    const after = verifyJson(old, ring);
    expect(after.code).toBe(1);
    expect(after.report.problems[0]).toContain(`key ${oldFp} was revoked`);
    expect(after.report.problems[0]).toContain('key leaked');
  });

  it('refuses zip-slip, absolute-path and symlink zips with the entry named', () => {
    const pj = JSON.stringify({ id: FIXTURE_ID, executable: 'gpx_tiny', info: { version: '1.2.3' } });
    const cases: [string, Parameters<typeof craftZip>[0][number], RegExp][] = [
      ['slip', { name: `${FIXTURE_ID}/../../.bashrc`, data: 'x' }, /"\.\." segment/],
      ['abs', { name: '/etc/cron.d/evil', data: 'x' }, /is an absolute path/],
      ['backslash', { name: `${FIXTURE_ID}\\..\\evil.exe`, data: 'x' }, /backslash/],
      ['link', { name: `${FIXTURE_ID}/passwd`, data: '/etc/passwd', symlink: true }, /is a symbolic link/],
    ];
    for (const [name, bad, why] of cases) {
      const zip = join(tmp, `${name}.zip`);
      writeFileSync(zip, craftZip([{ name: `${FIXTURE_ID}/plugin.json`, data: pj }, bad]));
      const { code, report } = verifyJson(zip, ['--allow-unsigned']);
      expect(code).toBe(1);
      expect(report.problems.join('\n')).toMatch(why);
    }
  });

  it('packages byte-identically in another time zone', () => {
    const out = join(tmp, 'tz');
    const p = dsforge(['package', pkg.dist, '--out', out, '--json'], { TZ: 'Pacific/Kiritimati' });
    const zips = JSON.parse(p.stdout).zips as { platform: string; path: string; sha256: string }[];
    const ours = JSON.parse(
      dsforge(['package', pkg.dist, '--out', join(tmp, 'tz-utc'), '--json'], { TZ: 'UTC' }).stdout,
    ).zips as { sha256: string }[];
    expect(zips.map((z) => z.sha256)).toEqual(ours.map((z) => z.sha256));
  });
});

const gpgAvailable = spawnSync('gpg', ['--version']).status === 0;
if (!gpgAvailable)
  console.warn('skipping the gpg interop test: gpg is not installed (apt-get install -y gnupg)');
(gpgAvailable ? describe : describe.skip)('interop with GnuPG', () => {
  it('gpg --verify accepts our detached signature and rejects it after a one-byte change', async () => {
    const k = join(tmp, 'gpg-keys');
    dsforge(['keys', 'init', '--name', 'Acme Plugins', '--email', 'plugins@acme.test'], {
      DSFORGE_KEYS_DIR: k,
    });
    const dist = makeDist(join(tmp, 'gpg', 'dist'));
    const p = dsforge(['package', dist, '--out', join(tmp, 'gpg', 'out'), '--json']);
    const zip = (JSON.parse(p.stdout).zips as { path: string }[])[0]!.path;
    dsforge(['sign', zip], { DSFORGE_KEYS_DIR: k });
    const home = mkdtempSync(join(tmpdir(), 'gnupg-'));
    const gpgEnv = { ...process.env, GNUPGHOME: home };
    try {
      writeFileSync(
        join(tmp, 'pub.asc'),
        dsforge(['keys', 'export', '--armor'], { DSFORGE_KEYS_DIR: k }).stdout,
      );
      execFileSync('gpg', ['--batch', '--import', join(tmp, 'pub.asc')], { env: gpgEnv, stdio: 'pipe' });
      const good = spawnSync('gpg', ['--batch', '--verify', `${zip}.sig`, zip], {
        env: gpgEnv,
        encoding: 'utf8',
      });
      expect(good.stderr).toContain('Good signature from "Acme Plugins <plugins@acme.test>"');
      expect(good.status).toBe(0);
      const bytes = readFileSync(zip);
      bytes[bytes.length - 30] = bytes[bytes.length - 30]! ^ 1;
      writeFileSync(zip, bytes);
      const bad = spawnSync('gpg', ['--batch', '--verify', `${zip}.sig`, zip], {
        env: gpgEnv,
        encoding: 'utf8',
      });
      expect(bad.stderr).toContain('BAD signature');
      expect(bad.status).not.toBe(0);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
