/**
 * The CLI end to end, as child processes (yargs cannot run inside jest): an admin creates a team,
 * the registry serves, a team publishes a signed and certified plugin, another machine installs
 * it into a Grafana plugins directory, and the install shows up in adoption.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { buildPlugin, certify, makeKeys, tempDir, type Keys } from './fixtures';
import { signDetached } from '../src/trust';

const root = resolve(__dirname, '../../..');
const bin = join(root, 'tools/codegen/bin/dsforge.cjs');
const dsforge = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [bin, ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 60_000,
  });

let keys: Keys;
let data: string;
let server: ChildProcess;
let url: string;
let token: string;

beforeAll(async () => {
  keys = await makeKeys();
  data = await tempDir();
  await writeFile(join(data, 'keyring.json'), JSON.stringify(keys.keyring.toJSON()));
  const certPem = join(data, 'certifier.pem');
  await writeFile(certPem, keys.certifier.publicKeyPem);
  const added = dsforge(['registry', 'team', 'add', 'weather', '--owns', 'acme-weather', '--data', data]);
  expect(added.status).toBe(0);
  token = added.stdout.trim();
  expect(token).toMatch(/^dsf_[0-9a-f]{16}_/);
  server = spawn(
    process.execPath,
    [
      bin,
      'registry',
      'serve',
      '--port',
      '0',
      '--host',
      '127.0.0.1',
      '--data',
      data,
      '--certifier-key',
      certPem,
    ],
    {
      cwd: root,
    },
  );
  url = await new Promise<string>((ok, fail) => {
    let out = '';
    server.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) ok(m[1]!);
    });
    server.on('exit', (code) => fail(new Error(`registry exited with ${code}`)));
  });
}, 120_000);

afterAll(() => {
  server?.kill('SIGTERM');
});

/** A project folder laid out like `dsforge package` + `dsforge sign` leave it. */
async function project(version: string) {
  const dir = await tempDir();
  const dist = join(dir, 'dist');
  await mkdir(dist);
  await writeFile(
    join(dir, 'package.json'),
    JSON.stringify({
      name: 'acme-weather',
      dsforge: { createdAt: '2026-11-20T09:00:00Z', issuesUrl: 'https://issues.example/acme' },
    }),
  );
  const plugin = await buildPlugin(dist, { version });
  for (const z of plugin.zips)
    await writeFile(`${z.path}.sig`, await signDetached(z.path, keys.signing.privateKeyArmored));
  await writeFile(join(dist, 'certification.json'), JSON.stringify(certify(plugin, keys)));
  return { dir, plugin, anyZip: plugin.zips.find((z) => z.platform === 'any')!.path };
}

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
