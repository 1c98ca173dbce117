/**
 * `certification.json` (the format of `@dsforge/registry`'s trust module): the sha256 of every
 * file of the built plugin folder, the tool version, the seed and every check's result, signed
 * with the certifier's Ed25519 key so a registry can verify it and re-hash the package. Also the
 * certifier key files (`dsforge certify keys init`).
 * @module
 */
import { readFileSync } from 'node:fs';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { defaultKeysDir } from '../package/keystore';
import { readPluginFolder } from '../package/plugin-folder';
import {
  CERTIFICATION_FILE,
  generateCertifierKey,
  hashFile,
  signCertification,
  type Certification,
} from '../package/trust';
import type { CheckResult } from './types';

/** Version of the certifying tool (the CLI package's). */
export const TOOL_VERSION: string = (() => {
  try {
    return (JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as { version: string })
      .version;
  } catch {
    return '0.0.0';
  }
})();

/** sha256 of every file of the plugin folder except certification.json and MANIFEST.txt. */
export async function hashPluginFolder(distDir: string): Promise<Record<string, string>> {
  const folder = await readPluginFolder(distDir);
  const files: Record<string, string> = {};
  for (const f of folder.files) {
    if (f.rel === CERTIFICATION_FILE || f.rel === 'MANIFEST.txt') continue;
    files[f.rel] = await hashFile(f.abs);
  }
  return files;
}

/** Builds the (unsigned) document. */
export async function buildCertification(opts: {
  distDir: string;
  id: string;
  version: string;
  seed: number;
  results: CheckResult[];
  now?: Date;
}): Promise<Certification> {
  return {
    v: 1,
    tool: 'dsforge-certify',
    toolVersion: TOOL_VERSION,
    plugin: { id: opts.id, version: opts.version },
    certifiedAt: (opts.now ?? new Date()).toISOString(),
    seed: opts.seed,
    files: await hashPluginFolder(opts.distDir),
    results: opts.results,
    passed: opts.results.every((r) => r.status !== 'failed'),
  };
}

/** Signs (when a key is given) and writes `<distDir>/certification.json`; returns the document. */
export async function writeCertification(
  distDir: string,
  doc: Certification,
  privateKeyPem?: string,
): Promise<Certification> {
  const out = privateKeyPem ? signCertification(doc, privateKeyPem) : doc;
  await writeFile(join(distDir, CERTIFICATION_FILE), `${JSON.stringify(out, null, 2)}\n`);
  return out;
}

/** Where the certifier key pair lives by default (`<keys dir>/certifier/`). */
export function certifierKeyDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(defaultKeysDir(env), 'certifier');
}

export const CERTIFIER_PRIVATE = 'certifier.key.pem';
export const CERTIFIER_PUBLIC = 'certifier.pub.pem';

/** Creates a certifier key pair in `dir` (private key mode 0600); refuses to overwrite one. */
export async function initCertifierKey(
  dir: string,
): Promise<{ keyId: string; privatePath: string; publicPath: string }> {
  const privatePath = join(dir, CERTIFIER_PRIVATE);
  const publicPath = join(dir, CERTIFIER_PUBLIC);
  if (await stat(privatePath).catch(() => undefined))
    throw new Error(
      `${privatePath} already exists; certifications signed with it would no longer verify if it were replaced`,
    );
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const key = generateCertifierKey();
  await writeFile(privatePath, key.privateKeyPem, { mode: 0o600 });
  await chmod(privatePath, 0o600);
  await writeFile(publicPath, key.publicKeyPem);
  return { keyId: key.keyId, privatePath, publicPath };
}

/**
 * The certifier private key to sign with: `--certifier-key <pem file>`, else
 * `$DSFORGE_CERTIFIER_KEY`, else the default key when it exists, else none (unsigned).
 */
export async function findCertifierKey(
  explicit?: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ pem?: string; path?: string }> {
  const path = explicit ?? env.DSFORGE_CERTIFIER_KEY;
  if (path) return { pem: await readFile(path, 'utf8'), path };
  const fallback = join(certifierKeyDir(env), CERTIFIER_PRIVATE);
  const pem = await readFile(fallback, 'utf8').catch(() => undefined);
  return pem ? { pem, path: fallback } : {};
}
