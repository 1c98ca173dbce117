/**
 * The CLI end to end, as child processes (yargs cannot run inside jest): an admin creates a team,
 * the registry serves, a team publishes a signed and certified plugin, another machine installs
 * it into a Grafana plugins directory, and the install shows up in adoption.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { copyFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { dsforge, signedProject, startCliRegistry, type CliRegistry } from './cli-harness';
import { makeKeys, tempDir, type Keys } from './fixtures';

let keys: Keys;
let reg: CliRegistry;
let url: string;
let token: string;

beforeAll(async () => {
  keys = await makeKeys();
  reg = await startCliRegistry(keys);
  url = reg.url;
  token = reg.tokens.weather!;
  expect(token).toMatch(/^dsf_[0-9a-f]{16}_/);
}, 120_000);

afterAll(() => {
  reg?.stop();
});

const project = (version: string) => signedProject(keys, version);

test('publish uploads every package of the version and install verifies and unpacks it', async () => {
  const { plugin, anyZip } = await project('1.0.0');
  const pub = dsforge(['publish', anyZip, '--registry', url, '--token', token]);
  expect(pub.stderr).toBe('');
  expect(pub.status).toBe(0);
  expect(pub.stdout).toMatch(/published acme-weather-datasource@1\.0\.0 as team weather/);
  expect(pub.stdout).toMatch(/linux-amd64\tacme-weather-datasource-1\.0\.0\.linux_amd64\.zip/);

  const plugins = await tempDir();
  const inst = dsforge([
    'install',
    `${plugin.id}@1.0.0`,
    '--grafana-plugins-dir',
    plugins,
    '--registry',
    url,
    '--team',
    'weather',
  ]);
  expect(inst.status).toBe(0);
  expect(inst.stdout).toMatch(
    /installed acme-weather-datasource@1\.0\.0 \(linux-(amd64|arm64)\) .*; certified$/m,
  );
  const folder = join(plugins, plugin.id);
  expect(JSON.parse(readFileSync(join(folder, 'plugin.json'), 'utf8')).id).toBe(plugin.id);
  const binary = join(folder, `gpx_acme_linux_${process.arch === 'arm64' ? 'arm64' : 'amd64'}`);
  expect(existsSync(binary)).toBe(true);
  expect(statSync(binary).mode & 0o777).toBe(0o755);

  const adoption = (await (await fetch(`${url}/api/metrics/adoption`)).json()) as {
    items: { teams: string[]; installs: number }[];
  };
  expect(adoption.items[0]).toMatchObject({ installs: 1, teams: ['weather'] });
  const mission = (await (await fetch(`${url}/api/metrics/mission`)).json()) as {
    plugins: { createdAt: string; issuesUrl: string }[];
  };
  expect(mission.plugins[0]).toMatchObject({
    createdAt: '2026-11-20T09:00:00.000Z',
    issuesUrl: 'https://issues.example/acme',
  });
});

test('publish reports the registry\u2019s reason and exits 1 when a package was modified after signing', async () => {
  const { plugin, anyZip } = await project('1.1.0');
  const other = plugin.zips.find((z) => z.platform === 'linux-amd64')!.path;
  await copyFile(anyZip, other); // wrong bytes under the platform zip's name; its .sig no longer matches
  const pub = dsforge(['publish', anyZip, '--registry', url, '--token', token]);
  expect(pub.status).toBe(1);
  expect(pub.stderr).toMatch(
    /dsforge publish: registry refused the upload \(400\): .*linux_amd64\.zip: company signature rejected/,
  );
});

test('install refuses a download whose signature the trusted keyring does not know', async () => {
  const otherKeys = await makeKeys();
  const ring = join(await tempDir(), 'keyring.json');
  await writeFile(ring, JSON.stringify(otherKeys.keyring.toJSON()));
  const plugins = await tempDir();
  const inst = dsforge([
    'install',
    'acme-weather-datasource',
    '--grafana-plugins-dir',
    plugins,
    '--registry',
    url,
    '--keyring',
    ring,
  ]);
  expect(inst.status).toBe(1);
  expect(inst.stderr).toMatch(
    /company signature of .* does not verify: signed by key [0-9a-f]+, which is not in the keyring/,
  );
  expect(existsSync(join(plugins, 'acme-weather-datasource'))).toBe(false);
});
