import * as openpgp from 'openpgp';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkGrafanaManifest } from './grafana-manifest';
import { packagePlugin } from './package';
import { BINARIES, FIXTURE_ID, makeDist, zipListing } from './test-fixtures';
import { hashFile, inspectZip } from './trust';

const tmp = mkdtempSync(join(tmpdir(), 'dsforge-package-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;
const fresh = () => join(tmp, String(++n));

/** A MANIFEST.txt shaped like Grafana's, clear-signed with a throwaway key (Grafana's key is not ours). */
async function fakeGrafanaManifest(dir: string, files: Record<string, string>): Promise<void> {
  const { privateKey } = await openpgp.generateKey({
    type: 'ecc',
    curve: 'curve25519Legacy',
    userIDs: [{ name: 'test' }],
    format: 'object',
  });
  const body = {
    manifestVersion: '2.0.0',
    signatureType: 'private',
    signedByOrg: 'acme',
    signedByOrgName: 'Acme',
    plugin: FIXTURE_ID,
    version: '1.2.3',
    time: 1764000000000,
    keyId: '7e4d0c6a708866e7',
    rootUrls: ['http://grafana.local/'],
    files,
  };
  const message = await openpgp.createCleartextMessage({ text: JSON.stringify(body, null, 2) });
  writeFileSync(join(dir, 'MANIFEST.txt'), await openpgp.sign({ message, signingKeys: privateKey }));
}

describe('packagePlugin', () => {
  it('makes one zip per platform with only its binary, plus an any zip with all of them, under one <id>/ folder', async () => {
    const dist = makeDist(join(fresh(), 'dist'));
    const r = await packagePlugin({ distDir: dist, outDir: fresh() });
    expect(r.zips.map((z) => [z.platform, z.path.split('/').pop()])).toEqual([
      ['linux_amd64', 'acme-tiny-datasource-1.2.3.linux_amd64.zip'],
      ['linux_arm64', 'acme-tiny-datasource-1.2.3.linux_arm64.zip'],
      ['windows_amd64', 'acme-tiny-datasource-1.2.3.windows_amd64.zip'],
      ['any', 'acme-tiny-datasource-1.2.3.zip'],
    ]);
    const common = [
      'CHANGELOG.md',
      'LICENSE',
      'README.md',
      'img/',
      'img/logo.svg',
      'module.js',
      'plugin.json',
    ];
    const names = async (i: number) =>
      (await zipListing(r.zips[i]!.path)).map((e) => e.name.replace(`${FIXTURE_ID}/`, ''));
    expect(await names(0)).toEqual(['', ...[...common, 'gpx_tiny_linux_amd64'].sort()]);
    expect(await names(2)).toEqual(['', ...[...common, 'gpx_tiny_windows_amd64.exe'].sort()]);
    expect(await names(3)).toEqual(['', ...[...common, ...BINARIES].sort()]);
    for (const z of r.zips) expect((await inspectZip(z.path)).problems).toEqual([]);
  });

  it('gives binaries mode 0755 and every other file 0644, whatever the modes on disk', async () => {
    const r = await packagePlugin({ distDir: makeDist(join(fresh(), 'dist')), outDir: fresh() });
    const modes = Object.fromEntries(
      (await zipListing(r.zips[3]!.path)).map((e) => [e.name, e.mode.toString(8)]),
    );
    expect(modes).toMatchObject({
      [`${FIXTURE_ID}/`]: '755',
      [`${FIXTURE_ID}/gpx_tiny_linux_amd64`]: '755',
      [`${FIXTURE_ID}/gpx_tiny_windows_amd64.exe`]: '755',
      [`${FIXTURE_ID}/plugin.json`]: '644',
      [`${FIXTURE_ID}/img/logo.svg`]: '644',
    });
  });

  it('is deterministic: packaging the same folder twice (at different times, in different places) gives byte-identical zips', async () => {
    const dist = makeDist(join(fresh(), 'dist'));
    const a = await packagePlugin({ distDir: dist, outDir: fresh() });
    await new Promise((r) => setTimeout(r, 1100));
    const b = await packagePlugin({ distDir: dist, outDir: fresh() });
    expect(b.zips.map((z) => z.sha256)).toEqual(a.zips.map((z) => z.sha256));
    expect(readFileSync(b.zips[0]!.path).equals(readFileSync(a.zips[0]!.path))).toBe(true);
  });

  it('copies a valid Grafana MANIFEST.txt only into the zip whose files it lists, and warns about the others', async () => {
    const dist = makeDist(join(fresh(), 'dist'));
    const files: Record<string, string> = {};
    for (const f of [
      'CHANGELOG.md',
      'LICENSE',
      'README.md',
      'img/logo.svg',
      'module.js',
      'plugin.json',
      ...BINARIES,
    ])
      files[f] = await hashFile(join(dist, f));
    await fakeGrafanaManifest(dist, files);
    expect((await checkGrafanaManifest(dist)).status).toBe('valid');
    const r = await packagePlugin({ distDir: dist, outDir: fresh() });
    expect(r.zips.map((z) => [z.platform, z.grafanaSigned])).toEqual([
      ['linux_amd64', false],
      ['linux_arm64', false],
      ['windows_amd64', false],
      ['any', true],
    ]);
    expect(r.warnings[0]).toContain('acme-tiny-datasource-1.2.3.linux_amd64.zip has no MANIFEST.txt');
    expect((await zipListing(r.zips[3]!.path)).map((e) => e.name)).toContain(`${FIXTURE_ID}/MANIFEST.txt`);
  });

  it('refuses to ship a MANIFEST.txt that no longer matches the folder, naming the changed file', async () => {
    const dist = makeDist(join(fresh(), 'dist'));
    const files: Record<string, string> = {};
    for (const f of [
      'CHANGELOG.md',
      'LICENSE',
      'README.md',
      'img/logo.svg',
      'module.js',
      'plugin.json',
      ...BINARIES,
    ])
      files[f] = await hashFile(join(dist, f));
    await fakeGrafanaManifest(dist, files);
    writeFileSync(join(dist, 'module.js'), 'define([], function () { return {}; });\n/* one more line */\n');
    await expect(packagePlugin({ distDir: dist, outDir: fresh() })).rejects.toThrow(
      /module\.js: sha256 [0-9a-f]{64} in MANIFEST\.txt, [0-9a-f]{64} in the package/,
    );
  });

  it('refuses a folder without plugin.json and a backend plugin without binaries', async () => {
    await expect(packagePlugin({ distDir: fresh() })).rejects.toThrow(
      /no readable plugin\.json.*run dsforge build first/,
    );
    const dist = makeDist(join(fresh(), 'dist'), { binaries: [] });
    await expect(packagePlugin({ distDir: dist })).rejects.toThrow(
      /backend: true but .* has no gpx_tiny_<os>_<arch> binary/,
    );
  });
});
