import * as openpgp from 'openpgp';
import { lstat, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { hashFile } from './trust';

/** The JSON inside Grafana's clear-signed MANIFEST.txt (fields Grafana reads). */
export interface GrafanaManifest {
  manifestVersion?: string;
  signatureType?: string;
  signedByOrg?: string;
  signedByOrgName?: string;
  plugin: string;
  version: string;
  time?: number;
  keyId?: string;
  rootUrls?: string[];
  files: Record<string, string>;
}

/**
 * Result of {@link checkGrafanaManifest}. `signatureVerified` is false unless a public key was
 * given: Grafana checks the PGP signature with Grafana Labs' own key, which this tool does not
 * have, so what we can check is that the manifest describes exactly these files.
 */
export interface ManifestCheck {
  status: 'unsigned' | 'valid' | 'modified' | 'invalid';
  problems: string[];
  manifest?: GrafanaManifest;
  signatureVerified: boolean;
}

export const MANIFEST_FILE = 'MANIFEST.txt';
const SIGNATURE_TYPES = ['grafana', 'commercial', 'community', 'private', 'private-glob'];

/**
 * Checks `<dir>/MANIFEST.txt` the way Grafana does, except for the signing key: clear-signed
 * JSON with the required fields, plugin/version equal to plugin.json, every listed file present
 * with the same sha256, and every file in the folder listed. A one-byte change is reported as
 * `<file>: sha256 <expected> in MANIFEST.txt, <actual> on disk`.
 */
export async function checkGrafanaManifest(
  dir: string,
  options: { publicKeyArmored?: string } = {},
): Promise<ManifestCheck> {
  let text: string;
  try {
    text = await readFile(join(dir, MANIFEST_FILE), 'utf8');
  } catch {
    return { status: 'unsigned', problems: [], signatureVerified: false };
  }
  const files: Record<string, string> = {};
  const problems: string[] = [];
  await hashTree(dir, '', files, problems);
  let pluginJson: { id?: unknown; info?: { version?: unknown } } = {};
  try {
    pluginJson = JSON.parse(await readFile(join(dir, 'plugin.json'), 'utf8'));
  } catch {
    problems.push('plugin.json is missing or not JSON');
  }
  const r = await checkManifestText(text, files, pluginJson, options);
  return {
    ...r,
    problems: [...problems, ...r.problems],
    status: problems.length && r.status === 'valid' ? 'modified' : r.status,
  };
}

/** The same check for a manifest and file hashes taken from anywhere (e.g. a zip). */
export async function checkManifestText(
  text: string,
  files: Record<string, string>,
  pluginJson: { id?: unknown; info?: { version?: unknown } },
  options: { publicKeyArmored?: string } = {},
): Promise<ManifestCheck> {
  // Grafana treats a manifest under 10 bytes as absent.
  if (text.length < 10) return { status: 'unsigned', problems: [], signatureVerified: false };
  let message: openpgp.CleartextMessage;
  try {
    message = await openpgp.readCleartextMessage({ cleartextMessage: text });
  } catch (err) {
    return {
      status: 'invalid',
      problems: [`MANIFEST.txt is not a clear-signed OpenPGP message: ${(err as Error).message}`],
      signatureVerified: false,
    };
  }
  let manifest: GrafanaManifest;
  try {
    manifest = JSON.parse(message.getText()) as GrafanaManifest;
  } catch (err) {
    return {
      status: 'invalid',
      problems: [`MANIFEST.txt does not contain JSON: ${(err as Error).message}`],
      signatureVerified: false,
    };
  }
  const invalid = fieldProblems(manifest);
  let signatureVerified = false;
  if (options.publicKeyArmored) {
    try {
      const verificationKeys = await openpgp.readKey({ armoredKey: options.publicKeyArmored });
      const res = await openpgp.verify({ message, verificationKeys });
      await res.signatures[0]?.verified;
      signatureVerified = res.signatures.length > 0;
    } catch (err) {
      invalid.push(`MANIFEST.txt signature does not verify with the given key: ${(err as Error).message}`);
    }
  }
  if (invalid.length) return { status: 'invalid', problems: invalid, manifest, signatureVerified };
  const modified: string[] = [];
  if (manifest.plugin !== pluginJson.id)
    modified.push(
      `MANIFEST.txt is for plugin ${JSON.stringify(manifest.plugin)} but plugin.json id is ${JSON.stringify(pluginJson.id)}`,
    );
  if (manifest.version !== pluginJson.info?.version)
    modified.push(
      `MANIFEST.txt is for version ${JSON.stringify(manifest.version)} but plugin.json version is ${JSON.stringify(pluginJson.info?.version)}`,
    );
  for (const [p, expected] of Object.entries(manifest.files).sort()) {
    const actual = files[p];
    if (actual === undefined) modified.push(`${p} is listed in MANIFEST.txt but missing`);
    else if (actual !== expected.toLowerCase())
      modified.push(
        `${p}: sha256 ${expected} in MANIFEST.txt, ${actual} in the package (file changed after Grafana signed it)`,
      );
  }
  for (const p of Object.keys(files).sort()) {
    if (p !== MANIFEST_FILE && !(p in manifest.files))
      modified.push(
        `${p} is not listed in MANIFEST.txt (added after Grafana signed it); Grafana refuses unlisted files`,
      );
  }
  return { status: modified.length ? 'modified' : 'valid', problems: modified, manifest, signatureVerified };
}

function fieldProblems(m: GrafanaManifest): string[] {
  const out: string[] = [];
  for (const f of ['plugin', 'version', 'keyId'] as const)
    if (typeof m[f] !== 'string' || m[f] === '') out.push(`MANIFEST.txt has no ${f}`);
  if (typeof m.time !== 'number') out.push('MANIFEST.txt has no time');
  if (!m.files || typeof m.files !== 'object' || Object.keys(m.files).length === 0)
    out.push('MANIFEST.txt lists no files');
  if (!String(m.manifestVersion ?? '').startsWith('2.'))
    out.push(
      `MANIFEST.txt manifestVersion ${JSON.stringify(m.manifestVersion)} is not 2.x; Grafana refuses it`,
    );
  if (!m.signedByOrg || !m.signedByOrgName) out.push('MANIFEST.txt has no signedByOrg/signedByOrgName');
  if (!SIGNATURE_TYPES.includes(String(m.signatureType)))
    out.push(
      `MANIFEST.txt signatureType ${JSON.stringify(m.signatureType)} is not one of ${SIGNATURE_TYPES.join(', ')}`,
    );
  return out;
}

async function hashTree(
  root: string,
  rel: string,
  out: Record<string, string>,
  problems: string[],
): Promise<void> {
  for (const name of (await readdir(rel ? join(root, rel) : root)).sort()) {
    const r = rel ? `${rel}/${name}` : name;
    const st = await lstat(join(root, r));
    if (st.isSymbolicLink()) problems.push(`${r} is a symbolic link`);
    else if (st.isDirectory()) await hashTree(root, r, out, problems);
    else if (st.isFile() && r !== MANIFEST_FILE) out[r] = await hashFile(join(root, r));
  }
}
