import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { ArtifactStore } from '../artifacts';
import { RegistryError, rejected } from '../errors';
import type { RegistryStorage } from '../storage/types';
import { ownsPlugin, teamForToken } from '../tokens';
import {
  certificationMatches,
  hashFile,
  verifyCertification,
  type Certification,
  type KeyRing,
  type KeyStatus,
} from '../trust';
import { extractBundle } from './bundle';
import { inspectPackages, readDocs } from './packages';

/** What the publish pipeline needs from the running registry. */
export interface PublishDeps {
  storage: RegistryStorage;
  artifacts: ArtifactStore;
  /** Company signing keys; every package must carry a detached signature one of them verifies. */
  keyring: KeyRing;
  /** Ed25519 public key (PEM) that certification.json must be signed with. */
  certifierPublicKeyPem: string | undefined;
  maxUploadBytes: number;
  now?: () => Date;
}

/** The accepted version, as reported to the publisher. */
export interface PublishResult {
  pluginId: string;
  version: string;
  team: string;
  packages: { platform: string; fileName: string; sha256: string; size: number }[];
  signature: { fingerprint: string; keyStatus: KeyStatus };
}

/**
 * Accepts one publish upload (a bundle, see `bundle.ts`) or rejects it with a `RegistryError`
 * naming the reason. Every check runs on files in a private temp directory; only when all pass
 * are the files moved into the artifact store and the version row inserted. Any failure removes
 * the temp directory, so a rejected or interrupted upload stores nothing.
 */
export async function publishUpload(
  deps: PublishDeps,
  token: string | undefined,
  body: Readable,
  contentLength: number | undefined,
): Promise<PublishResult> {
  const now = deps.now ?? (() => new Date());
  const team = token ? await teamForToken(deps.storage, token) : undefined;
  if (!team) {
    throw new RegistryError(
      401,
      'bad_token',
      token
        ? 'the team token is not valid; ask a registry admin for a new one (`dsforge registry team add`)'
        : 'publishing needs a team token: send `Authorization: Bearer <token>` (dsforge publish --token)',
    );
  }
  if (contentLength !== undefined && contentLength > deps.maxUploadBytes) {
    throw new RegistryError(
      413,
      'too_large',
      `upload of ${contentLength} bytes exceeds the registry's size limit of ${deps.maxUploadBytes} bytes`,
    );
  }
  const tmp = await deps.artifacts.newTempDir();
  let committed: string | undefined;
  try {
    const bundlePath = join(tmp, 'upload.bundle');
    await deps.artifacts.receive(body, bundlePath, deps.maxUploadBytes);
    const filesDir = join(tmp, 'files');
    await mkdir(filesDir);
    const bundle = await extractBundle(bundlePath, filesDir);
    await rm(bundlePath, { force: true });

    const { id, version, pluginJson, packages } = await inspectPackages(bundle.packages);
    if (!ownsPlugin(team, id)) {
      throw new RegistryError(
        403,
        'wrong_team',
        `team "${team.name}" may publish plugins starting with ${team.owns.map((o) => `"${o}"`).join(', ')}, not ${id}`,
      );
    }
    if (await deps.storage.getVersion(id, version)) {
      throw new RegistryError(
        409,
        'duplicate_version',
        `${id}@${version} is already published and versions are immutable; bump info.version and publish again`,
      );
    }

    // Company signature over each zip, by a keyring key that is current, or retired but signed
    // while it was active; never revoked.
    let signer: PublishResult['signature'] | undefined;
    for (const p of packages) {
      if (!p.signature) {
        throw rejected(
          'unsigned',
          `${p.fileName} has no company signature (${p.fileName}.sig); run \`dsforge sign\``,
        );
      }
      const v = await deps.keyring.verifyDetached(p.path, p.signature);
      if (!v.valid) {
        throw rejected(
          v.keyStatus === 'revoked' ? 'revoked_key' : v.fingerprint ? 'bad_signature' : 'unknown_key',
          `${p.fileName}: company signature rejected: ${v.reason ?? 'invalid'}`,
        );
      }
      signer = { fingerprint: v.fingerprint!, keyStatus: v.keyStatus! };
    }

    const first = packages.find((p) => p.platform === 'any') ?? packages[0]!;
    const root = first.inspection.root!;
    const docs = await readDocs(first.path, root);
    const certText = bundle.certification ?? docs.certification;
    const cert = checkCertification(certText, deps.certifierPublicKeyPem, id, version);
    for (const p of packages) {
      const m = certificationMatches(cert, p.inspection.entries);
      if (!m.ok) {
        throw rejected(
          'certification_mismatch',
          `${p.fileName} does not match certification.json: ${m.mismatches.slice(0, 5).join('; ')}${m.mismatches.length > 5 ? ` (and ${m.mismatches.length - 5} more)` : ''}`,
        );
      }
    }

    const pkgRows = [];
    for (const p of packages) {
      pkgRows.push({
        platform: p.platform,
        fileName: p.fileName,
        sha256: await hashFile(p.path),
        size: (await stat(p.path)).size,
        signature: p.signature!,
      });
    }
    // Keep the certification next to the packages so downloads can fetch it.
    await writeFile(join(filesDir, 'certification.json'), certText ?? '');
    committed = await deps.artifacts.commit(filesDir, id, version);
    const at = now().toISOString();
    const info = (pluginJson.info ?? {}) as { description?: unknown };
    await deps.storage.publishVersion({
      plugin: {
        id,
        name: typeof pluginJson.name === 'string' ? pluginJson.name : id,
        description: typeof info.description === 'string' ? info.description : '',
        type: typeof pluginJson.type === 'string' ? pluginJson.type : 'datasource',
        team: team.name,
        createdAt: validIso(bundle.metadata.createdAt),
        issuesUrl: validUrl(bundle.metadata.issuesUrl),
      },
      version: {
        pluginId: id,
        version,
        publishedAt: at,
        team: team.name,
        uploadDir: committed,
        readme: docs.readme,
        changelog: docs.changelog,
        certification: certText ?? '',
        signatureFingerprint: signer!.fingerprint,
        signatureKeyStatus: signer!.keyStatus,
        pluginJson: JSON.stringify(pluginJson),
        packages: pkgRows,
      },
    });
    committed = undefined;
    return {
      pluginId: id,
      version,
      team: team.name,
      packages: pkgRows.map(({ signature: _s, ...r }) => r),
      signature: signer!,
    };
  } finally {
    await rm(tmp, { recursive: true, force: true });
    // The database refused the row (e.g. a concurrent publish of this version won): drop our copy.
    if (committed) await deps.artifacts.remove(committed);
  }
}

function checkCertification(
  text: string | undefined,
  publicKeyPem: string | undefined,
  id: string,
  version: string,
): Certification {
  if (!publicKeyPem) {
    throw new RegistryError(
      503,
      'no_certifier_key',
      'this registry has no certifier public key, so it cannot accept packages; start it with --certifier-key <pem>',
    );
  }
  if (!text) {
    throw rejected(
      'uncertified',
      `${id}@${version} has no certification.json; run \`dsforge certify\` before publishing`,
    );
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw rejected('uncertified', 'certification.json is not valid JSON');
  }
  const v = verifyCertification(doc, publicKeyPem);
  if (!v.valid) throw rejected('bad_certification', v.reason ?? 'certification.json does not verify');
  const cert = doc as Certification;
  if (cert.plugin.id !== id || cert.plugin.version !== version) {
    throw rejected(
      'bad_certification',
      `certification.json certifies ${cert.plugin.id}@${cert.plugin.version}, not ${id}@${version}`,
    );
  }
  if (!cert.passed) {
    const failed = cert.results.filter((r) => r.status === 'failed').map((r) => r.check);
    throw rejected(
      'certification_failed',
      `certification did not pass (failed: ${failed.join(', ') || 'unknown'})`,
    );
  }
  return cert;
}

function validIso(s: unknown): string | null {
  return typeof s === 'string' && !Number.isNaN(Date.parse(s)) ? new Date(s).toISOString() : null;
}

function validUrl(s: unknown): string | null {
  return typeof s === 'string' && /^https?:\/\//.test(s) ? s : null;
}
