/* eslint-disable no-console -- a demo script reports each step to the user on stdout */
/**
 * Registry demo: takes the built example plugin (examples/example-datasource/dist) through the
 * whole flow with the real CLI — company key (`dsforge keys init`), packages (`dsforge package`),
 * signatures (`dsforge sign`), a certification (`dsforge certify`), a registry (`dsforge registry serve`), a team
 * (`dsforge registry team add`), `dsforge publish`, then `dsforge install` into a Grafana plugins
 * folder — and prints what Grafana would call. Exits 0 when every step worked.
 *
 *   node --import tsx packages/registry/scripts/demo.ts [--serve]
 *
 * With --serve the registry keeps running (default port 3838) and its URL is printed.
 *
 * The certification is made by `dsforge certify` (the real suite) with a demo certifier key.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

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
  const certDir = join(work, 'certifier');
  step('certifier key', ['certify', 'keys', 'init', '--dir', certDir]);
  step('certify', [
    'certify',
    'examples/example-datasource',
    '--certifier-key',
    join(certDir, 'certifier.key.pem'),
    '--no-readme',
    '--report',
    'md',
  ]);
  step('package', ['package', dist, '--out', out]);
  const zips = (await readdir(out)).filter((f) => f.endsWith('.zip')).sort();
  for (const z of zips) step(`sign ${z}`, ['sign', join(out, z), '--keys-dir', keysDir], keysEnv);

  // The certification is the real suite's: `dsforge certify` runs checks 1–8 against the built
  // plugin and signs dist/certification.json with the certifier key; `package` then puts it in
  // every zip and the registry checks it against the uploaded files.
  const anyZip = zips.find((z) => !/\.[a-z0-9]+_[a-z0-9]+\.zip$/.test(z))!;
  const pluginJson = (await import(join(dist, 'plugin.json'), { with: { type: 'json' } })) as {
    default: { id: string; info: { version: string } };
  };
  await copyFile(join(dist, 'certification.json'), join(out, 'certification.json'));
  await copyFile(join(certDir, 'certifier.pub.pem'), join(data, 'certifier.pub.pem'));

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
    // The demo's keys are new on every run: pin them in its own folder, not the user's pin file
    // (a second run would be refused there as a key change, which is what pinning is for).
    step(
      'install',
      [
        'install',
        pluginJson.default.id,
        '--grafana-plugins-dir',
        plugins,
        '--registry',
        url,
        '--team',
        'demo-team',
      ],
      { DSFORGE_PINNED_KEYS: join(work, 'pinned-keys.json') },
    );
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
