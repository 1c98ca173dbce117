import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  certificationMatches,
  inspectZip,
  verifyCertification,
  type Certification,
  type KeyStatus,
} from '../trust';
import { getJson, registryBase, RegistryClientError } from './http';
import { PinnedTrust, type ServedKeys } from './pinned-trust';
import { grafanaPlatform } from './platform';
import { unpackPlugin } from './unpack';

export interface InstallOptions {
  /** `<id>` or `<id>@<version>`. */
  spec: string;
  registry: string;
  pluginsDir: string;
  /** Keyring JSON to trust instead of the registry's `/api/keys` (an independent trust root). */
  keyringFile?: string;
  /** Certifier public key PEM file to trust instead of the registry's. */
  certifierKeyFile?: string;
  /**
   * Pinned-keys file (trust on first use, see `PinnedTrust`). Without it the keys the registry
   * serves are trusted as they are; `dsforge install` always passes one (`defaultPinFile()`).
   */
  pinFile?: string;
  /** Trust and pin signing/certifier keys the registry serves that are not pinned yet (never revoked ones). */
  acceptNewKeys?: boolean;
  /** Team reported in the install ping. */
  team?: string;
  /** Grafana instance id reported in the install ping (default: one persisted in the plugins dir). */
  instanceId?: string;
  /** Override this machine's platform (tests). */
  os?: string;
  arch?: string;
  /** Called with progress lines for the CLI. */
  log?: (line: string) => void;
}

export interface InstallResult {
  pluginId: string;
  version: string;
  platform: string;
  dir: string;
  sha256: string;
  signature: { fingerprint: string; keyStatus: KeyStatus };
  certified: boolean;
  pinged: boolean;
  /** Keys this install pinned (first use or accepted), one sentence each. */
  pinned: string[];
}

type VersionItem = { version: string; packages: Record<string, { sha256: string; packageName: string }> };

/**
 * Installs a plugin from the registry: picks the version (newest visible one unless pinned)
 * and this machine's package (else `any`), downloads it, checks its sha256 against the
 * listing, its company signature against the keyring and its certification (when present)
 * against the certifier key and the zip's files, refuses unsafe archives, unpacks atomically
 * into the Grafana plugins directory, and sends an install ping for adoption metrics.
 */
export async function installPlugin(opts: InstallOptions): Promise<InstallResult> {
  const log = opts.log ?? (() => undefined);
  const base = registryBase(opts.registry);
  const [id, pinned] = opts.spec.split('@') as [string, string | undefined];
  const version = pinned?.replace(/^v/, '');
  const item = version
    ? await getJson<VersionItem>(`${base}/api/plugins/${id}/versions/${version}`)
    : (await getJson<{ items: VersionItem[] }>(`${base}/api/plugins/${id}/versions`)).items[0];
  if (!item) throw new RegistryClientError(`${id} has no installable version`);
  const here = grafanaPlatform();
  const os = opts.os ?? here.os;
  const arch = opts.arch ?? here.arch;
  const key = item.packages[`${os}-${arch}`] ? `${os}-${arch}` : 'any';
  const pkg = item.packages[key];
  if (!pkg) {
    throw new RegistryClientError(
      `${id}@${item.version} has no package for ${os}-${arch} and no "any" package (has: ${Object.keys(item.packages).join(', ')})`,
    );
  }
  const vurl = `${base}/api/plugins/${id}/versions/${item.version}`;
  const work = await mkdtemp(join(tmpdir(), 'dsforge-install-'));
  try {
    const zipPath = join(work, pkg.packageName);
    log(`downloading ${pkg.packageName}`);
    const res = await fetch(`${vurl}/download`, { headers: { 'grafana-os': os, 'grafana-arch': arch } });
    if (!res.ok || !res.body)
      throw new RegistryClientError(`download failed: ${res.status} ${await res.text()}`);
    const hash = createHash('sha256');
    const body = Readable.fromWeb(res.body as import('node:stream/web').ReadableStream<Uint8Array>);
    body.on('data', (c: Buffer) => hash.update(c));
    await pipeline(body, createWriteStream(zipPath));
    const sha256 = hash.digest('hex');
    if (sha256 !== pkg.sha256) {
      throw new RegistryClientError(
        `sha256 of the download (${sha256}) does not match the registry listing (${pkg.sha256}); refusing to install`,
      );
    }

    const trust = await PinnedTrust.create({
      base,
      served: await getJson<ServedKeys>(`${base}/api/keys`),
      keyringFile: opts.keyringFile,
      certifierKeyFile: opts.certifierKeyFile,
      pinFile: opts.pinFile,
      acceptNewKeys: opts.acceptNewKeys,
      log,
    });
    const sigRes = await fetch(`${vurl}/files/${pkg.packageName}.sig`);
    if (!sigRes.ok)
      throw new RegistryClientError(
        `${pkg.packageName} has no company signature in the registry; refusing to install`,
      );
    const sig = await trust.verifySignature(zipPath, await sigRes.text());
    if (!sig.valid)
      throw new RegistryClientError(`company signature of ${pkg.packageName} does not verify: ${sig.reason}`);
    log(`signature ok: key ${sig.fingerprint} (${sig.keyStatus})`);

    const inspection = await inspectZip(zipPath);
    if (inspection.problems.length) {
      throw new RegistryClientError(
        `${pkg.packageName} is not a safe plugin zip: ${inspection.problems.join('; ')}`,
      );
    }
    if (inspection.root !== id)
      throw new RegistryClientError(`${pkg.packageName} unpacks to ${inspection.root}, not ${id}`);

    let certified = false;
    const certText = await (await fetch(`${vurl}/files/certification.json`)).text();
    if (certText.trim()) {
      const pem = await trust.certifierPem();
      if (!pem)
        throw new RegistryClientError(
          'the package is certified but no certifier key is known (--certifier-key)',
        );
      const doc = JSON.parse(certText) as Certification;
      const v = verifyCertification(doc, pem);
      if (!v.valid) throw new RegistryClientError(`certification does not verify: ${v.reason}`);
      const m = certificationMatches(doc, inspection.entries);
      if (!m.ok)
        throw new RegistryClientError(`package does not match its certification: ${m.mismatches.join('; ')}`);
      certified = true;
      log(`certification ok: ${doc.results.length} checks passed`);
    }

    // Pins are written only once everything verified, so a refused install changes nothing.
    const pinned = await trust.commit();
    for (const line of pinned) log(line);
    const dir = await unpackPlugin(zipPath, opts.pluginsDir, id);
    log(`installed ${id}@${item.version} (${key}) into ${dir}`);
    const pinged = await ping(base, {
      pluginId: id,
      version: item.version,
      team: opts.team ?? 'unknown',
      instanceId: opts.instanceId ?? (await instanceId(opts.pluginsDir)),
      platform: key,
    });
    return {
      pluginId: id,
      version: item.version,
      platform: key,
      dir,
      sha256,
      signature: { fingerprint: sig.fingerprint!, keyStatus: sig.keyStatus! },
      certified,
      pinged,
      pinned,
    };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** A stable id for the Grafana instance that owns `pluginsDir`, created on first use. */
async function instanceId(pluginsDir: string): Promise<string> {
  const file = join(pluginsDir, '.dsforge-instance-id');
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  await mkdir(pluginsDir, { recursive: true });
  const id = randomUUID();
  await writeFile(file, `${id}\n`);
  return id;
}

/** Adoption ping; a failure never fails the install (the plugin is already in place). */
async function ping(base: string, body: Record<string, string>): Promise<boolean> {
  try {
    const res = await fetch(`${base}/api/installs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return res.ok;
  } catch {
    return false;
  }
}
