import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { canonicalJson } from './canonical-json';

/** One check's outcome in a certification run. Extra fields (evidence, durationMs, ...) are free-form. */
export interface CertificationResult {
  check: string;
  status: 'passed' | 'failed' | 'skipped';
  [field: string]: unknown;
}

export interface CertificationSignature {
  alg: 'ed25519';
  /** First 16 hex digits of sha256(raw 32-byte Ed25519 public key). */
  keyId: string;
  /** Base64 Ed25519 signature over `canonicalJson(document without "signature")`. */
  value: string;
}

/**
 * `certification.json`, written by `dsforge certify` into the plugin folder
 * (`<plugin-id>/certification.json`) and verified by `dsforge verify` and the registry.
 * `files` lists every file of the plugin folder at certification time except
 * `certification.json` itself and `MANIFEST.txt` (Grafana signs after certification).
 */
export interface Certification {
  v: 1;
  tool: 'dsforge-certify';
  toolVersion: string;
  plugin: { id: string; version: string };
  certifiedAt: string;
  seed: number;
  files: Record<string, string>;
  results: CertificationResult[];
  passed: boolean;
  signature?: CertificationSignature;
}

/** File name of the certification inside the plugin folder. */
export const CERTIFICATION_FILE = 'certification.json';

export interface CertifierKey {
  publicKeyPem: string;
  privateKeyPem: string;
  keyId: string;
}

/** A new Ed25519 certifier key pair (PEM: SPKI public, PKCS#8 private). */
export function generateCertifierKey(): CertifierKey {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return {
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    keyId: keyIdOf(publicKey),
  };
}

/** The key id of an Ed25519 public key (PEM or KeyObject): first 16 hex of sha256(raw key). */
export function certifierKeyId(publicKeyPem: string | KeyObject): string {
  return keyIdOf(typeof publicKeyPem === 'string' ? createPublicKey(publicKeyPem) : publicKeyPem);
}

/** Returns a copy of `doc` with `signature` set (any previous signature is replaced). */
export function signCertification(doc: Certification, privateKeyPem: string): Certification {
  const privateKey = createPrivateKey(privateKeyPem);
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error('certifier key must be Ed25519');
  const unsigned = withoutSignature(doc);
  const value = sign(null, Buffer.from(canonicalJson(unsigned)), privateKey).toString('base64');
  return { ...unsigned, signature: { alg: 'ed25519', keyId: keyIdOf(createPublicKey(privateKey)), value } };
}

/**
 * Checks that `doc` is a well-formed certification signed by `publicKeyPem`, and that its
 * `passed` flag agrees with its results. Whether a failed certification is acceptable is the
 * caller's decision (the registry refuses `passed: false`).
 */
export function verifyCertification(doc: unknown, publicKeyPem: string): { valid: boolean; reason?: string } {
  const shape = shapeProblem(doc);
  if (shape) return { valid: false, reason: `certification.json ${shape}` };
  const cert = doc as Certification;
  const sig = cert.signature;
  if (!sig) return { valid: false, reason: 'certification.json is not signed' };
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey(publicKeyPem);
  } catch (err) {
    return { valid: false, reason: `the certifier public key is not a PEM key: ${(err as Error).message}` };
  }
  const expectedId = keyIdOf(publicKey);
  if (sig.keyId !== expectedId) {
    return {
      valid: false,
      reason: `certification.json was signed by certifier key ${sig.keyId}, not the trusted key ${expectedId}`,
    };
  }
  const ok = verify(
    null,
    Buffer.from(canonicalJson(withoutSignature(cert))),
    publicKey,
    Buffer.from(sig.value, 'base64'),
  );
  if (!ok)
    return {
      valid: false,
      reason:
        'certification.json signature does not match its content (the document was changed after signing)',
    };
  return { valid: true };
}

/** What {@link certificationMatches} compares: zip entries as listed by `inspectZip`. */
export interface CertifiedEntry {
  path: string;
  sha256: string;
  /** Path inside the plugin folder; derived from `path` (first segment stripped) when absent. */
  pluginPath?: string;
}

/**
 * Compares a certification's file list with a package's files. Every file in the package must
 * be certified with the same hash; every certified file must be present, except backend
 * binaries for other platforms (a per-platform zip carries only its own binary).
 * `certification.json` and `MANIFEST.txt` are not compared (see {@link Certification}).
 */
export function certificationMatches(
  doc: Certification,
  zipEntries: CertifiedEntry[],
): { ok: boolean; mismatches: string[] } {
  const mismatches: string[] = [];
  const present = new Map<string, string>();
  for (const e of zipEntries) {
    const p = e.pluginPath ?? e.path.split('/').slice(1).join('/');
    if (p === CERTIFICATION_FILE || p === 'MANIFEST.txt') continue;
    present.set(p, e.sha256);
  }
  for (const [p, actual] of [...present].sort()) {
    const expected = doc.files[p];
    if (expected === undefined) mismatches.push(`${p} is in the package but was not certified`);
    else if (expected.toLowerCase() !== actual)
      mismatches.push(
        `${p} changed after certification: certified sha256 ${expected}, package has ${actual}`,
      );
  }
  const hasBinary = [...present.keys()].some(isPlatformBinary);
  for (const p of Object.keys(doc.files).sort()) {
    if (present.has(p)) continue;
    if (hasBinary && isPlatformBinary(p)) continue;
    mismatches.push(`${p} was certified but is missing from the package`);
  }
  return { ok: mismatches.length === 0, mismatches };
}

function isPlatformBinary(p: string): boolean {
  return /_(linux|darwin|windows|freebsd)_(amd64|arm64|arm|386)(\.exe)?$/.test(p);
}

function withoutSignature(doc: Certification): Certification {
  const { signature: _signature, ...rest } = doc;
  return rest as Certification;
}

function keyIdOf(publicKey: KeyObject): string {
  const jwk = publicKey.export({ format: 'jwk' });
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || !jwk.x) throw new Error('certifier key must be Ed25519');
  return createHash('sha256').update(Buffer.from(jwk.x, 'base64url')).digest('hex').slice(0, 16);
}

function shapeProblem(doc: unknown): string | undefined {
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return 'is not a JSON object';
  const d = doc as Partial<Certification>;
  if (d.v !== 1) return `has version ${JSON.stringify(d.v)}; expected 1`;
  if (d.tool !== 'dsforge-certify') return `was written by ${JSON.stringify(d.tool)}, not dsforge-certify`;
  if (!d.plugin || typeof d.plugin.id !== 'string' || typeof d.plugin.version !== 'string')
    return 'has no plugin id/version';
  if (!d.files || typeof d.files !== 'object') return 'has no files list';
  for (const [p, h] of Object.entries(d.files)) {
    if (typeof h !== 'string' || !/^[0-9a-f]{64}$/i.test(h)) return `lists ${p} with an invalid sha256`;
  }
  if (!Array.isArray(d.results)) return 'has no results list';
  if (typeof d.passed !== 'boolean') return 'has no passed flag';
  const failed = d.results.find((r) => r?.status === 'failed');
  if (d.passed && failed) return `says passed but check ${JSON.stringify(failed.check)} failed`;
  if (d.signature && (d.signature.alg !== 'ed25519' || typeof d.signature.value !== 'string'))
    return 'has an unsupported signature (expected alg ed25519)';
  return undefined;
}
