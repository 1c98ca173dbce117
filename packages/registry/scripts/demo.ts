/* eslint-disable no-console -- a demo script reports each step to the user on stdout */
/**
 * Registry demo: takes the built example plugin (examples/example-datasource/dist) through the
 * whole flow with the real CLI — company key (`dsforge keys init`), packages (`dsforge package`),
 * signatures (`dsforge sign`), a certification, a registry (`dsforge registry serve`), a team
 * (`dsforge registry team add`), `dsforge publish`, then `dsforge install` into a Grafana plugins
 * folder — and prints what Grafana would call. Exits 0 when every step worked.
 *
 *   node --import tsx packages/registry/scripts/demo.ts [--serve]
 *
 * With --serve the registry keeps running (default port 3838) and its URL is printed.
 *
 * The certification here is made by the demo with a throwaway certifier key over the packaged
 * files; in real use `dsforge certify` writes it after running the certification suite.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateCertifierKey, hashZipEntries, signCertification, type Certification } from '../src/trust';

const root = resolve(__dirname, '../../..');
const cli = join(root, 'tools/codegen/bin/dsforge.cjs');
const serveMode = process.argv.includes('--serve');
const dist = join(root, 'examples/example-datasource/dist');

function step(label: string, args: string[], env: Record<string, string> = {}): string {
  console.log(`\n$ dsforge ${args.join(' ')}`);
  const r = spawnSync(process.execPath, [cli, ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  process.stdout.write(r.stdout);
  process.stderr.write(r.stderr);
  if (r.status !== 0) {
    console.error(`demo: "${label}" failed (exit ${r.status ?? r.signal})`);
    process.exit(1);
  }
  return r.stdout;
}

async function portFree(port: number): Promise<boolean> {
  return new Promise((ok) => {
    const s = createServer()
      .once('error', () => ok(false))
      .listen(port, '0.0.0.0', () => s.close(() => ok(true)));
  });
}

async function main(): Promise<void> {
  if (!existsSync(join(dist, 'plugin.json')))
    step('build the example plugin', ['build', 'examples/example-datasource']);
  const work = await mkdtemp(join(tmpdir(), 'dsforge-registry-demo-'));
  const keysDir = join(work, 'keys');
  const data = join(work, 'registry');
  const out = join(work, 'packages');
  const plugins = join(work, 'grafana', 'plugins');
  await mkdir(data, { recursive: true });
  const keysEnv = { DSFORGE_KEYS_DIR: keysDir };

  step(
    'company signing key',
    ['keys', 'init', '--dir', keysDir, '--name', 'Demo Co plugin signing'],
    keysEnv,
  );
  step('package', ['package', dist, '--out', out]);
  const zips = (await readdir(out)).filter((f) => f.endsWith('.zip')).sort();
  for (const z of zips) step(`sign ${z}`, ['sign', join(out, z), '--keys-dir', keysDir], keysEnv);

  // Certification over the any zip's files (it holds every platform's binary).
  const anyZip = zips.find((z) => !/\.[a-z0-9]+_[a-z0-9]+\.zip$/.test(z))!;
  const certifier = generateCertifierKey();
  const { files } = await hashZipEntries(join(out, anyZip));
  delete files['certification.json'];
  const pluginJson = (await import(join(dist, 'plugin.json'), { with: { type: 'json' } })) as {
    default: { id: string; info: { version: string } };
  };
  const doc: Certification = {
    v: 1,
    tool: 'dsforge-certify',
    toolVersion: '0.1.0',
    plugin: { id: pluginJson.default.id, version: pluginJson.default.info.version },
    certifiedAt: new Date().toISOString(),
    seed: 1,
    files,
    results: [{ check: 'demo: package files hashed', status: 'passed' }],
    passed: true,
  };
  await writeFile(
    join(out, 'certification.json'),
    JSON.stringify(signCertification(doc, certifier.privateKeyPem), null, 2),
  );
  await writeFile(join(data, 'certifier.pub.pem'), certifier.publicKeyPem);
  console.log(`\nwrote ${join(out, 'certification.json')} (demo certifier ${certifier.keyId})`);

  const token = step('team', [
    'registry',
    'team',
    'add',
    'demo-team',
    '--owns',
    'dsforge-',
    '--data',
    data,
  ]).trim();
  const port = serveMode && (await portFree(3838)) ? 3838 : 0;
  const server = spawn(
    process.execPath,
    [
      cli,
      'registry',
      'serve',
      '--port',
      String(port),
      '--data',
      data,
      '--keyring',
      join(keysDir, 'keyring.json'),
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = await new Promise<string>((ok, fail) => {
    let buf = '';
    server.stdout!.on('data', (c: Buffer) => {
      buf += c.toString();
      const m = /listening on (http:\/\/\S+)/.exec(buf);
      if (m) ok(m[1]!);
    });
    server.once('exit', (code) => fail(new Error(`registry exited (${code})`)));
  });
  console.log(`\nregistry running at ${url} (data in ${data})`);
  const stop = () => server.kill('SIGTERM');
  try {
    step('publish', ['publish', join(out, anyZip), '--registry', url, '--token', token]);
    step('install', [
      'install',
      pluginJson.default.id,
      '--grafana-plugins-dir',
      plugins,
      '--registry',
      url,
      '--team',
      'demo-team',
    ]);
    const installed = await readdir(join(plugins, pluginJson.default.id));
    console.log(`\n${plugins}/${pluginJson.default.id}: ${installed.join(', ')}`);
    const versions = (await (await fetch(`${url}/api/plugins/${pluginJson.default.id}/versions`)).json()) as {
      items: { version: string; arch: Record<string, unknown> }[];
    };
    console.log(
      `Grafana sees ${pluginJson.default.id} ${versions.items[0]!.version} for ${Object.keys(versions.items[0]!.arch).join(', ')}`,
    );
    console.log(`  grafana cli --repo ${url}/api/plugins plugins install ${pluginJson.default.id}`);
  } catch (err) {
    stop();
    throw err;
  }
  if (serveMode) {
    console.log(`\nregistry: ${url}  (web UI; Ctrl-C to stop)\nteam token for publishing: ${token}`);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    server.once('exit', () => process.exit(0));
  } else {
    stop();
    // The packages are several hundred MB; keep nothing behind.
    await rm(work, { recursive: true, force: true });
    console.log('\nregistry demo: done');
  }
}

main().catch((err: Error) => {
  console.error(`demo: ${err.message}`);
  process.exit(1);
});
