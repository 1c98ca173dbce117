// The real @grafana/sign-plugin, run as a child process against a local mock of Grafana's signing
// endpoint. sign-plugin always uses https.request, so the mock is an HTTPS server with a throwaway
// certificate the child trusts through NODE_EXTRA_CA_CERTS.
import * as openpgp from 'openpgp';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkGrafanaManifest } from './grafana-manifest';
import { runGrafanaSignPlugin } from './grafana-sign';
import { packagePlugin } from './package';
import { BINARIES, FIXTURE_ID, makeDist } from './test-fixtures';
import { hashFile, inspectZip } from './trust';
import { verifyPackage } from './verify';

const tmp = mkdtempSync(join(tmpdir(), 'dsforge-grafana-sign-'));
const TOKEN = 'glc_test_access_policy_token';
const requests: { auth?: string; path?: string; body: Record<string, unknown> }[] = [];
let server: Server;
let env: NodeJS.ProcessEnv;
let grafanaKey: openpgp.PrivateKey;

function haveOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const maybe = haveOpenssl() ? describe : describe.skip;
if (!haveOpenssl())
  console.warn(
    'skipping @grafana/sign-plugin tests: openssl is not installed (needed for the mock HTTPS certificate)',
  );

beforeAll(async () => {
  if (!haveOpenssl()) return;
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      join(tmp, 'key.pem'),
      '-out',
      join(tmp, 'cert.pem'),
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ],
    { stdio: 'ignore' },
  );
  ({ privateKey: grafanaKey } = await openpgp.generateKey({
    type: 'ecc',
    curve: 'curve25519Legacy',
    userIDs: [{ name: 'Fake Grafana signing service' }],
    format: 'object',
  }));
  server = createServer(
    { key: readFileSync(join(tmp, 'key.pem')), cert: readFileSync(join(tmp, 'cert.pem')) },
    (req, res) => {
      let text = '';
      req.on('data', (c: Buffer) => (text += c.toString()));
      req.on('end', async () => {
        const body = JSON.parse(text) as Record<string, unknown>;
        requests.push({ auth: req.headers.authorization, path: req.url, body });
        if (req.headers.authorization !== `Bearer ${TOKEN}`) {
          res
            .writeHead(401, { 'content-type': 'application/json' })
            .end(JSON.stringify({ message: 'invalid token' }));
          return;
        }
        // What Grafana's service does: add its own fields and clear-sign the JSON.
        const manifest = {
          manifestVersion: '2.0.0',
          signatureType: body.signatureType ?? 'community',
          signedByOrg: 'acme',
          signedByOrgName: 'Acme',
          plugin: body.plugin,
          version: body.version,
          time: Date.now(),
          keyId: grafanaKey.getKeyID().toHex(),
          rootUrls: body.rootUrls ?? [],
          files: body.files,
        };
        const message = await openpgp.createCleartextMessage({ text: JSON.stringify(manifest, null, 2) });
        res.writeHead(200).end(await openpgp.sign({ message, signingKeys: grafanaKey }));
      });
    },
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  // No proxy variables and no host env: sign-plugin's ProxyAgent must go straight to the mock.
  env = {
    PATH: process.env.PATH,
    GRAFANA_COM_URL: `https://127.0.0.1:${port}/api`,
    GRAFANA_ACCESS_POLICY_TOKEN: TOKEN,
    NODE_EXTRA_CA_CERTS: join(tmp, 'cert.pem'),
  };
});
afterAll(async () => {
  await new Promise((r) => (server ? server.close(r) : r(undefined)));
  rmSync(tmp, { recursive: true, force: true });
});

maybe('@grafana/sign-plugin against a mock signing service', () => {
  it('posts the file hashes with the bearer token, and our check accepts the manifest it saves', async () => {
    const dist = makeDist(join(tmp, 'one', 'dist'));
    requests.length = 0;
    const r = await runGrafanaSignPlugin(dist, {
      signatureType: 'private',
      rootUrls: ['http://grafana.local/'],
      env,
    });
    expect(r.reason ?? '').toBe('');
    expect(r.ok).toBe(true);
    expect(requests).toHaveLength(1);
    const [req] = requests;
    expect(req!.path).toBe('/api/plugins/ci/sign');
    expect(req!.auth).toBe(`Bearer ${TOKEN}`);
    const expectedFiles: Record<string, string> = {};
    for (const f of [
      'CHANGELOG.md',
      'LICENSE',
      'README.md',
      'img/logo.svg',
      'module.js',
      'plugin.json',
      ...BINARIES,
    ])
      expectedFiles[f] = await hashFile(join(dist, f));
    expect(req!.body).toMatchObject({
      plugin: FIXTURE_ID,
      version: '1.2.3',
      signatureType: 'private',
      rootUrls: ['http://grafana.local/'],
      files: expectedFiles,
    });
    expect(readFileSync(join(dist, 'MANIFEST.txt'), 'utf8')).toMatch(/^-----BEGIN PGP SIGNED MESSAGE-----/);

    // Without Grafana's key only the hashes can be checked; with the signer's key the signature too.
    expect(await checkGrafanaManifest(dist)).toMatchObject({
      status: 'valid',
      problems: [],
      signatureVerified: false,
    });
    const withKey = await checkGrafanaManifest(dist, { publicKeyArmored: grafanaKey.toPublic().armor() });
    expect(withKey.signatureVerified).toBe(true);
  });

  it('names a one-byte change made after Grafana signed, with both hashes', async () => {
    const dist = join(tmp, 'two', 'dist');
    cpSync(join(tmp, 'one', 'dist'), dist, { recursive: true });
    const bin = join(dist, 'gpx_tiny_linux_arm64');
    const before = await hashFile(bin);
    const bytes = readFileSync(bin);
    bytes[100] = bytes[100]! ^ 1;
    writeFileSync(bin, bytes);
    const check = await checkGrafanaManifest(dist);
    expect(check.status).toBe('modified');
    expect(check.problems).toEqual([
      `gpx_tiny_linux_arm64: sha256 ${before} in MANIFEST.txt, ${await hashFile(bin)} in the package (file changed after Grafana signed it)`,
    ]);
  });

  it('reports a rejected token and writes no MANIFEST.txt', async () => {
    const dist = makeDist(join(tmp, 'three', 'dist'));
    const r = await runGrafanaSignPlugin(dist, {
      signatureType: 'private',
      rootUrls: ['http://grafana.local/'],
      env: { ...env, GRAFANA_ACCESS_POLICY_TOKEN: 'wrong' },
    });
    expect(r.ok).toBe(false);
    expect(r.output).toContain('Server responded with status code 401');
    expect(existsSync(join(dist, 'MANIFEST.txt'))).toBe(false);
  });

  it('refuses to run without a token instead of writing anything', async () => {
    const dist = makeDist(join(tmp, 'four', 'dist'));
    const r = await runGrafanaSignPlugin(dist, { env: { PATH: process.env.PATH } });
    expect(r.reason).toMatch(/GRAFANA_ACCESS_POLICY_TOKEN is not set/);
    expect(existsSync(join(dist, 'MANIFEST.txt'))).toBe(false);
  });

  it('package --grafana-sign signs each platform zip for exactly its own files', async () => {
    const dist = makeDist(join(tmp, 'five', 'dist'));
    requests.length = 0;
    const r = await packagePlugin({
      distDir: dist,
      outDir: join(tmp, 'five', 'out'),
      grafanaSign: { signatureType: 'private', rootUrls: ['http://grafana.local/'], env },
    });
    expect(requests).toHaveLength(4);
    expect(Object.keys(requests[0]!.body.files as object)).toContain('gpx_tiny_linux_amd64');
    expect(Object.keys(requests[0]!.body.files as object)).not.toContain('gpx_tiny_linux_arm64');
    for (const z of r.zips) {
      expect(z.grafanaSigned).toBe(true);
      const report = await verifyPackage(z.path, { allowUnsigned: true });
      expect(report.grafana.status).toBe('valid');
      expect(report.problems).toEqual([]);
      expect((await inspectZip(z.path)).entries.map((e) => e.pluginPath)).toContain('MANIFEST.txt');
    }
    expect(existsSync(join(dist, 'MANIFEST.txt'))).toBe(false);
  });
});
