import { readFile } from 'node:fs/promises';
import { checkManifestText, MANIFEST_FILE, type ManifestCheck } from './grafana-manifest';
import { readZipText } from './zip-read';
import {
  CERTIFICATION_FILE,
  certificationMatches,
  inspectZip,
  KeyRing,
  verifyCertification,
  type Certification,
  type KeyVerification,
} from './trust';

export interface VerifyOptions {
  /** Company keyring; without one the company signature cannot be checked (a problem unless allowUnsigned). */
  keyring?: KeyRing;
  /** Detached signature path (default `<zip>.sig`). */
  signaturePath?: string;
  /** Ed25519 certifier public key (PEM) to check certification.json's signature. */
  certifierKeyPem?: string;
  /** Accept a zip without a company signature (integrity checks still run). */
  allowUnsigned?: boolean;
}

export interface VerifyReport {
  ok: boolean;
  zip: string;
  plugin?: { id: string; version: string };
  /** Every reason the package must not be trusted, each naming the file at fault. */
  problems: string[];
  /** Facts worth knowing that do not fail verification. */
  notes: string[];
  files: number;
  signature: { status: 'valid' | 'invalid' | 'missing' | 'unchecked' } & Omit<KeyVerification, 'valid'>;
  grafana: Pick<ManifestCheck, 'status' | 'signatureVerified'>;
  certification: { status: 'absent' | 'valid' | 'invalid' | 'unchecked'; passed?: boolean };
}

/**
 * Everything `dsforge verify` checks: zip safety (no zip-slip names, symlinks, duplicates;
 * one root folder named after plugin.json id; binaries 0755), entry hashes against Grafana's
 * MANIFEST.txt and against certification.json, certification.json's Ed25519 signature, and
 * the company's detached OpenPGP signature over the zip file.
 */
export async function verifyPackage(zipPath: string, options: VerifyOptions = {}): Promise<VerifyReport> {
  const notes: string[] = [];
  const inspection = await inspectZip(zipPath);
  const problems = [...inspection.problems];
  const root = inspection.root;
  const pj = inspection.pluginJson;
  const plugin =
    typeof pj?.id === 'string' && typeof pj.info?.version === 'string'
      ? { id: pj.id, version: pj.info.version }
      : undefined;
  const files = Object.fromEntries(inspection.entries.map((e) => [e.pluginPath, e.sha256]));

  const grafana: VerifyReport['grafana'] = { status: 'unsigned', signatureVerified: false };
  const manifestText = root
    ? await readZipText(zipPath, `${root}/${MANIFEST_FILE}`).catch(() => undefined)
    : undefined;
  if (manifestText !== undefined && pj) {
    const check = await checkManifestText(manifestText, files, pj);
    Object.assign(grafana, { status: check.status, signatureVerified: check.signatureVerified });
    problems.push(...check.problems.map((p) => `Grafana signature: ${p}`));
    if (check.status === 'valid')
      notes.push(
        "MANIFEST.txt lists exactly these files; its PGP signature is Grafana's to check (Grafana's key is not available here)",
      );
  } else {
    notes.push('no MANIFEST.txt: not signed by Grafana (Grafana loads it only if allowed as unsigned)');
  }

  const certification: VerifyReport['certification'] = { status: 'absent' };
  const certText = root
    ? await readZipText(zipPath, `${root}/${CERTIFICATION_FILE}`).catch(() => undefined)
    : undefined;
  if (certText !== undefined)
    checkCertification(certText, inspection.entries, options, certification, problems, notes);
  else notes.push('no certification.json: the package was not certified');

  const signature = await checkCompanySignature(zipPath, options, problems, notes);
  return {
    ok: problems.length === 0,
    zip: zipPath,
    plugin,
    problems,
    notes,
    files: inspection.entries.length,
    signature,
    grafana,
    certification,
  };
}

function checkCertification(
  text: string,
  entries: { path: string; pluginPath: string; sha256: string }[],
  options: VerifyOptions,
  out: VerifyReport['certification'],
  problems: string[],
  notes: string[],
): void {
  let doc: Certification;
  try {
    doc = JSON.parse(text) as Certification;
  } catch (err) {
    out.status = 'invalid';
    problems.push(`certification.json is not JSON: ${(err as Error).message}`);
    return;
  }
  out.passed = doc.passed === true;
  if (options.certifierKeyPem) {
    const v = verifyCertification(doc, options.certifierKeyPem);
    out.status = v.valid ? 'valid' : 'invalid';
    if (!v.valid) problems.push(v.reason!);
  } else {
    out.status = 'unchecked';
    notes.push(
      'certification.json signature not checked (pass --certifier-key); its file hashes were compared',
    );
  }
  if (doc.files && typeof doc.files === 'object') {
    const m = certificationMatches(doc, entries);
    if (!m.ok) out.status = 'invalid';
    problems.push(...m.mismatches.map((x) => `certification: ${x}`));
  }
  if (doc.passed !== true) problems.push('certification.json records a failed certification');
}

async function checkCompanySignature(
  zipPath: string,
  options: VerifyOptions,
  problems: string[],
  notes: string[],
): Promise<VerifyReport['signature']> {
  const sigPath = options.signaturePath ?? `${zipPath}.sig`;
  const sig = await readFile(sigPath, 'utf8').catch(() => undefined);
  const complain = (msg: string) => (options.allowUnsigned ? notes.push(msg) : problems.push(msg));
  if (sig === undefined) {
    complain(`company signature: ${sigPath} not found (sign with dsforge sign <zip>)`);
    return { status: 'missing' };
  }
  if (!options.keyring) {
    complain(
      'company signature: no keyring to check it against (pass --keyring <file> or run dsforge keys init)',
    );
    return { status: 'unchecked' };
  }
  const v = await options.keyring.verifyDetached(zipPath, sig);
  const { valid, ...rest } = v;
  if (!valid) problems.push(`company signature: ${v.reason}`);
  return { status: valid ? 'valid' : 'invalid', ...rest };
}
