import type { SqlRow } from './db';
import type { PackageRow, PluginRow, TeamRow, VersionRow, YankEvent } from './types';

// Database rows → storage types. PostgreSQL returns BIGINT as a string and SQLite as a number,
// so every numeric column goes through `num`.

export const str = (v: unknown): string => (v == null ? '' : String(v));
export const optStr = (v: unknown): string | null => (v == null ? null : String(v));
export const num = (v: unknown): number => Number(v);

export function toTeam(r: SqlRow): TeamRow {
  return {
    name: str(r.name),
    tokenId: str(r.token_id),
    tokenHash: str(r.token_hash),
    owns: JSON.parse(str(r.owns)) as string[],
    createdAt: str(r.created_at),
  };
}

export function toPlugin(r: SqlRow): PluginRow {
  return {
    id: str(r.id),
    name: str(r.name),
    description: str(r.description),
    type: str(r.type),
    team: str(r.team),
    createdAt: optStr(r.created_at),
    firstPublishedAt: str(r.first_published_at),
    issuesUrl: optStr(r.issues_url),
    openBugs: r.open_bugs == null ? null : num(r.open_bugs),
  };
}

export function toVersion(r: SqlRow, packages: PackageRow[]): VersionRow {
  return {
    pluginId: str(r.plugin_id),
    version: str(r.version),
    publishedAt: str(r.published_at),
    team: str(r.team),
    uploadDir: str(r.upload_dir),
    readme: str(r.readme),
    changelog: str(r.changelog),
    certification: str(r.certification),
    signatureFingerprint: str(r.signature_fpr),
    signatureKeyStatus: str(r.signature_key_status),
    pluginJson: str(r.plugin_json),
    yanked: num(r.yanked) === 1,
    yankReason: optStr(r.yank_reason),
    yankedAt: optStr(r.yanked_at),
    packages,
  };
}

export function toPackage(r: SqlRow): PackageRow {
  return {
    platform: str(r.platform),
    fileName: str(r.file_name),
    sha256: str(r.sha256),
    size: num(r.size),
    signature: str(r.signature),
  };
}

export function toYankEvent(r: SqlRow): YankEvent {
  return {
    pluginId: str(r.plugin_id),
    version: str(r.version),
    action: str(r.action) === 'unyank' ? 'unyank' : 'yank',
    team: str(r.team),
    reason: str(r.reason),
    at: str(r.at),
  };
}
