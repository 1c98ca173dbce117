/**
 * Test fixtures: real keys (OpenPGP company key, Ed25519 certifier key), plugin zips in the
 * layout `dsforge package` produces, signatures, certifications and publish bundles, plus a
 * throwaway registry on a temp data dir.
 */
import yazl from 'yazl';
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import type { LightMyRequestResponse as LightResponse } from 'fastify';
import { writeBundle, type BundleInput } from '../src/publish/bundle';
import { createRegistry, type Registry, type RegistryOptions } from '../src/server/app';
import { newTeamToken } from '../src/tokens';
import {
  generateCertifierKey,
  generateSigningKey,
  KeyRing,
  signCertification,
  signDetached,
  type Certification,
  type CertifierKey,
  type SigningKey,
} from '../src/trust';

export interface Keys {
  signing: SigningKey;
  keyring: KeyRing;
  certifier: CertifierKey;
}

/** A company key in a fresh keyring and a certifier key. */
export async function makeKeys(): Promise<Keys> {
  const signing = await generateSigningKey({ name: 'test company', date: new Date(Date.now() - 60_000) });
  const keyring = new KeyRing();
  await keyring.add(signing.publicKeyArmored);
  return { signing, keyring, certifier: generateCertifierKey() };
}

export const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

export async function tempDir(prefix = 'dsforge-registry-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

export interface PluginSpec {
  id?: string;
  version?: string;
  /** Platforms with a backend binary (each gets its own zip; all go into the any zip). */
  platforms?: string[];
  readme?: string;
  changelog?: string;
  /** Extra entries: name inside the zip → content; `mode` for symlinks etc. */
  extra?: { name: string; content: string; mode?: number }[];
}

export interface BuiltPlugin {
  id: string;
  version: string;
  /** Files of the plugin folder (path inside the folder → content). */
  files: Record<string, Buffer>;
  zips: { fileName: string; path: string; platform: string }[];
}

/** Builds plugin zips exactly as `dsforge package` lays them out. */
export async function buildPlugin(dir: string, spec: PluginSpec = {}): Promise<BuiltPlugin> {
  const id = spec.id ?? 'acme-weather-datasource';
  const version = spec.version ?? '1.0.0';
  const platforms = spec.platforms ?? ['linux-amd64', 'linux-arm64'];
  const common: Record<string, Buffer> = {
    'plugin.json': Buffer.from(
      JSON.stringify({
        id,
        type: 'datasource',
        name: 'Acme Weather',
        backend: true,
        executable: 'gpx_acme',
        info: { version, description: 'Weather data for dashboards', author: { name: 'Acme' } },
        dependencies: { grafanaDependency: '>=11.0.0' },
      }),
    ),
    'module.js': Buffer.from('define([],function(){return {}})'),
    'README.md': Buffer.from(
      spec.readme ?? '# Acme Weather\n\nShows **weather**. See [docs](https://example.com/docs).\n',
    ),
    'CHANGELOG.md': Buffer.from(spec.changelog ?? `## ${version}\n\n- First release\n`),
  };
  const binaries: Record<string, Buffer> = {};
  for (const p of platforms) binaries[`gpx_acme_${p.replace('-', '_')}`] = Buffer.from(`binary for ${p}`);
  const files = { ...common, ...binaries };
  const zips: BuiltPlugin['zips'] = [];
  const write = async (fileName: string, platform: string, bins: string[]) => {
    const zip = new yazl.ZipFile();
    for (const [name, content] of Object.entries(common))
      zip.addBuffer(content, `${id}/${name}`, { mode: 0o100644 });
    for (const b of bins) zip.addBuffer(binaries[b]!, `${id}/${b}`, { mode: 0o100755 });
    for (const e of spec.extra ?? [])
      zip.addBuffer(Buffer.from(e.content), e.name, { mode: e.mode ?? 0o100644 });
    zip.end();
    const path = join(dir, fileName);
    const ws = createWriteStream(path);
    zip.outputStream.pipe(ws);
    await finished(ws);
    zips.push({ fileName, path, platform });
  };
  for (const p of platforms) {
    await write(`${id}-${version}.${p.replace('-', '_')}.zip`, p, [`gpx_acme_${p.replace('-', '_')}`]);
  }
  await write(`${id}-${version}.zip`, 'any', Object.keys(binaries));
  return { id, version, files, zips };
}

/** A signed certification over the plugin's files. */
export function certify(
  plugin: BuiltPlugin,
  keys: Keys,
  overrides: Partial<Certification> = {},
): Certification {
  const doc: Certification = {
    v: 1,
    tool: 'dsforge-certify',
    toolVersion: '0.1.0',
    plugin: { id: plugin.id, version: plugin.version },
    certifiedAt: new Date().toISOString(),
    seed: 42,
    files: Object.fromEntries(Object.entries(plugin.files).map(([p, c]) => [p, sha256(c)])),
    results: [
      { check: 'health', status: 'passed' },
      { check: 'query: rows', status: 'passed' },
    ],
    passed: true,
    ...overrides,
  };
  return signCertification(doc, keys.certifier.privateKeyPem);
}

export interface BundleSpec {
  /** Signing key for each zip; null = leave unsigned. Default: the keys' company key. */
  signWith?: string | null;
  certification?: Certification | string | null;
  metadata?: Record<string, unknown>;
  /** Replace a zip's bytes after signing/certifying (tampering). */
  afterSign?: (zips: BuiltPlugin['zips']) => Promise<void>;
  only?: string[];
}

/** Signs the zips and writes a publish bundle next to them. */
export async function makeBundle(
  dir: string,
  plugin: BuiltPlugin,
  keys: Keys,
  spec: BundleSpec = {},
): Promise<string> {
  const zips = spec.only ? plugin.zips.filter((z) => spec.only!.includes(z.platform)) : plugin.zips;
  const input: BundleInput = {};
  const key = spec.signWith === undefined ? keys.signing.privateKeyArmored : spec.signWith;
  for (const z of zips) {
    if (key) input[`${z.fileName}.sig`] = { content: await signDetached(z.path, key) };
  }
  if (spec.afterSign) await spec.afterSign(zips);
  for (const z of zips) input[z.fileName] = { path: z.path };
  const cert = spec.certification === undefined ? certify(plugin, keys) : spec.certification;
  if (cert)
    input['certification.json'] = {
      content: typeof cert === 'string' ? cert : JSON.stringify(cert, null, 2),
    };
  if (spec.metadata) input['metadata.json'] = { content: JSON.stringify(spec.metadata) };
  const out = join(dir, `bundle-${Math.random().toString(36).slice(2)}.zip`);
  await writeBundle(out, input);
  return out;
}

export interface TestRegistry extends Registry {
  dataDir: string;
  keys: Keys;
  /** Team name → token. */
  tokens: Record<string, string>;
  publish(bundlePath: string, token?: string): Promise<LightResponse>;
  cleanup(): Promise<void>;
}

/** A registry on a temp data dir with teams `weather` (owns `acme-weather`) and `other` (owns `other-`). */
export async function startTestRegistry(
  keys: Keys,
  opts: Partial<RegistryOptions> = {},
  /** Tokens of teams that already exist (a second instance on a shared database). */
  existingTokens?: Record<string, string>,
): Promise<TestRegistry> {
  const dataDir = opts.dataDir ?? (await tempDir());
  const reg = await createRegistry({
    dataDir,
    keyring: keys.keyring,
    certifierPublicKeyPem: keys.certifier.publicKeyPem,
    orphanMaxAgeMs: 0,
    ...opts,
  });
  const tokens: Record<string, string> = { ...existingTokens };
  for (const [name, owns] of existingTokens
    ? []
    : ([
        ['weather', 'acme-weather'],
        ['other', 'other-'],
      ] as const)) {
    const t = newTeamToken();
    await reg.storage.upsertTeam({
      name,
      tokenId: t.tokenId,
      tokenHash: t.tokenHash,
      owns: [owns],
      createdAt: new Date().toISOString(),
    });
    tokens[name] = t.token;
  }
  return {
    ...reg,
    dataDir,
    keys,
    tokens,
    async publish(bundlePath, token = tokens.weather) {
      return reg.app.inject({
        method: 'POST',
        url: '/api/publish',
        headers: {
          'content-type': 'application/vnd.dsforge.publish+zip',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        payload: await readFile(bundlePath),
      });
    },
    async cleanup() {
      await reg.close();
      if (!opts.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Overwrites one byte of a file (tampering after signing). */
export async function flipByte(path: string, at = 40): Promise<void> {
  const b = await readFile(path);
  b[at] = b[at]! ^ 0xff;
  await writeFile(path, b);
}
