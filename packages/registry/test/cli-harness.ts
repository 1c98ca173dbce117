/**
 * The `dsforge` CLI as child processes (yargs cannot run inside jest) against a real
 * `dsforge registry serve` on a temp data dir, plus project folders laid out like
 * `dsforge package` + `dsforge sign` leave them.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { signDetached, type KeyRing } from '../src/trust';
import { buildPlugin, certify, tempDir, type Keys } from './fixtures';

export const root = resolve(__dirname, '../../..');
const bin = join(root, 'tools/codegen/bin/dsforge.cjs');

// One per test file (jest loads this module once per file), so installs never touch ~/.config.
const defaultPins = join(tmpdir(), `dsforge-test-pins-${randomUUID()}.json`);

/** Runs `dsforge <args>`; `env` may name its own DSFORGE_PINNED_KEYS. */
export function dsforge(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [bin, ...args], {
    cwd: root,
    encoding: 'utf8',
    env: {
      ...process.env,
      DSFORGE_PINNED_KEYS: defaultPins,
      ...env,
    },
    timeout: 60_000,
  });
}

export interface CliRegistry {
  url: string;
  data: string;
  /** Team name → token, from `dsforge registry team add`. */
  tokens: Record<string, string>;
  /** Replaces the keyring the running registry serves (it re-reads the file when its mtime changes). */
  serveKeyring(ring: KeyRing): Promise<void>;
  stop(): void;
}

let mtime = 1_700_000_000;

/** Adds teams with `dsforge registry team add` and starts `dsforge registry serve` on a free port. */
export async function startCliRegistry(
  keys: Keys,
  teams: Record<string, string> = { weather: 'acme-weather' },
): Promise<CliRegistry> {
  const data = await tempDir();
  const keyringPath = join(data, 'keyring.json');
  const serveKeyring = async (ring: KeyRing) => {
    await writeFile(keyringPath, JSON.stringify(ring.toJSON()));
    mtime += 10;
    await utimes(keyringPath, mtime, mtime);
  };
  await serveKeyring(keys.keyring);
  const certPem = join(data, 'certifier.pem');
  await writeFile(certPem, keys.certifier.publicKeyPem);
  const tokens: Record<string, string> = {};
  for (const [team, owns] of Object.entries(teams)) {
    const added = dsforge(['registry', 'team', 'add', team, '--owns', owns, '--data', data]);
    if (added.status !== 0) throw new Error(`team add failed: ${added.stderr}`);
    tokens[team] = added.stdout.trim();
  }
  const args = ['registry', 'serve', '--port', '0', '--host', '127.0.0.1', '--data', data];
  const server: ChildProcess = spawn(process.execPath, [bin, ...args, '--certifier-key', certPem], {
    cwd: root,
  });
  const url = await new Promise<string>((ok, fail) => {
    let out = '';
    server.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) ok(m[1]!);
    });
    server.on('exit', (code) => fail(new Error(`registry exited with ${code}`)));
  });
  return { url, data, tokens, serveKeyring, stop: () => server.kill('SIGTERM') };
}

/** A project folder with signed zips and a certification, as `dsforge publish` expects it. */
export async function signedProject(keys: Keys, version: string, signing: { key?: string; at?: Date } = {}) {
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
    await writeFile(
      `${z.path}.sig`,
      await signDetached(z.path, signing.key ?? keys.signing.privateKeyArmored, { date: signing.at }),
    );
  await writeFile(join(dist, 'certification.json'), JSON.stringify(certify(plugin, keys)));
  return { dir, plugin, anyZip: plugin.zips.find((z) => z.platform === 'any')!.path };
}
