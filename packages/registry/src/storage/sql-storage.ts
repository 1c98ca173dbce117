import { DuplicateVersionError } from '../errors';
import type { SqlDb, SqlExecutor, SqlRow } from './db';
import { migrate } from './schema';
import type {
  InstallRow,
  NewVersion,
  PackageRow,
  PluginRow,
  RegistryStorage,
  TeamRow,
  VersionRow,
} from './types';

const str = (v: unknown): string => (v == null ? '' : String(v));
const optStr = (v: unknown): string | null => (v == null ? null : String(v));
// PostgreSQL returns BIGINT as a string; SQLite as a number.
const num = (v: unknown): number => Number(v);

function toTeam(r: SqlRow): TeamRow {
  return {
    name: str(r.name),
    tokenId: str(r.token_id),
    tokenHash: str(r.token_hash),
    owns: JSON.parse(str(r.owns)) as string[],
    createdAt: str(r.created_at),
  };
}

function toPlugin(r: SqlRow): PluginRow {
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

function toVersion(r: SqlRow, packages: PackageRow[]): VersionRow {
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

function toPackage(r: SqlRow): PackageRow {
  return {
    platform: str(r.platform),
    fileName: str(r.file_name),
    sha256: str(r.sha256),
    size: num(r.size),
    signature: str(r.signature),
  };
}

/** `RegistryStorage` on any `SqlDb` (SQLite or PostgreSQL). */
export class SqlStorage implements RegistryStorage {
  constructor(private readonly db: SqlDb) {}

  migrate(): Promise<void> {
    return migrate(this.db);
  }

  close(): Promise<void> {
    return this.db.close();
  }

  async upsertTeam(team: TeamRow): Promise<void> {
    await this.db.tx(async (q) => {
      const existing = await q.all(`SELECT owns FROM teams WHERE name = ?`, [team.name]);
      if (existing[0]) {
        const owns = [...new Set([...(JSON.parse(str(existing[0].owns)) as string[]), ...team.owns])];
        await q.run(`UPDATE teams SET token_id = ?, token_hash = ?, owns = ? WHERE name = ?`, [
          team.tokenId,
          team.tokenHash,
          JSON.stringify(owns),
          team.name,
        ]);
      } else {
        await q.run(
          `INSERT INTO teams (name, token_id, token_hash, owns, created_at) VALUES (?, ?, ?, ?, ?)`,
          [team.name, team.tokenId, team.tokenHash, JSON.stringify(team.owns), team.createdAt],
        );
      }
    });
  }

  async getTeam(name: string): Promise<TeamRow | undefined> {
    const rows = await this.db.all(`SELECT * FROM teams WHERE name = ?`, [name]);
    return rows[0] ? toTeam(rows[0]) : undefined;
  }

  async getTeamByTokenId(tokenId: string): Promise<TeamRow | undefined> {
    const rows = await this.db.all(`SELECT * FROM teams WHERE token_id = ?`, [tokenId]);
    return rows[0] ? toTeam(rows[0]) : undefined;
  }

  async listTeams(): Promise<TeamRow[]> {
    return (await this.db.all(`SELECT * FROM teams ORDER BY name`)).map(toTeam);
  }

  async publishVersion({ plugin, version }: NewVersion): Promise<void> {
    try {
      await this.db.tx(async (q) => {
        await this.ensurePlugin(q, plugin, version.publishedAt);
        await q.run(
          `INSERT INTO versions (plugin_id, version, published_at, team, upload_dir, readme, changelog,
             certification, signature_fpr, signature_key_status, plugin_json)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          [
            version.pluginId,
            version.version,
            version.publishedAt,
            version.team,
            version.uploadDir,
            version.readme,
            version.changelog,
            version.certification,
            version.signatureFingerprint,
            version.signatureKeyStatus,
            version.pluginJson,
          ],
        );
        for (const p of version.packages) {
          await q.run(
            `INSERT INTO packages (plugin_id, version, platform, file_name, sha256, size, signature)
             VALUES (?, ?, ?, ?, ?, ?, ?)`,
            [version.pluginId, version.version, p.platform, p.fileName, p.sha256, p.size, p.signature],
          );
        }
      });
    } catch (err) {
      if (this.db.isUniqueViolation(err)) throw new DuplicateVersionError(version.pluginId, version.version);
      throw err;
    }
  }

  /** Inserts the plugin row on first publish; later publishes refresh its display fields. */
  private async ensurePlugin(q: SqlExecutor, plugin: NewVersion['plugin'], at: string): Promise<void> {
    const rows = await q.all(`SELECT id FROM plugins WHERE id = ?`, [plugin.id]);
    if (rows.length === 0) {
      await q.run(
        `INSERT INTO plugins (id, name, description, type, team, created_at, first_published_at, issues_url)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          plugin.id,
          plugin.name,
          plugin.description,
          plugin.type,
          plugin.team,
          plugin.createdAt,
          at,
          plugin.issuesUrl ?? null,
        ],
      );
    } else {
      await q.run(`UPDATE plugins SET name = ?, description = ?, type = ? WHERE id = ?`, [
        plugin.name,
        plugin.description,
        plugin.type,
        plugin.id,
      ]);
      if (plugin.createdAt) {
        await q.run(`UPDATE plugins SET created_at = ? WHERE id = ? AND created_at IS NULL`, [
          plugin.createdAt,
          plugin.id,
        ]);
      }
    }
  }

  async getPlugin(id: string): Promise<PluginRow | undefined> {
    const rows = await this.db.all(`SELECT * FROM plugins WHERE id = ?`, [id]);
    return rows[0] ? toPlugin(rows[0]) : undefined;
  }

  async listPlugins(): Promise<PluginRow[]> {
    return (await this.db.all(`SELECT * FROM plugins ORDER BY id`)).map(toPlugin);
  }

  async listVersions(pluginId: string): Promise<VersionRow[]> {
    const rows = await this.db.all(`SELECT * FROM versions WHERE plugin_id = ?`, [pluginId]);
    const pkgs = await this.db.all(`SELECT * FROM packages WHERE plugin_id = ? ORDER BY platform`, [
      pluginId,
    ]);
    return rows.map((r) =>
      toVersion(r, pkgs.filter((p) => str(p.version) === str(r.version)).map(toPackage)),
    );
  }

  async getVersion(pluginId: string, version: string): Promise<VersionRow | undefined> {
    const rows = await this.db.all(`SELECT * FROM versions WHERE plugin_id = ? AND version = ?`, [
      pluginId,
      version,
    ]);
    if (!rows[0]) return undefined;
    const pkgs = await this.db.all(
      `SELECT * FROM packages WHERE plugin_id = ? AND version = ? ORDER BY platform`,
      [pluginId, version],
    );
    return toVersion(rows[0], pkgs.map(toPackage));
  }

  async yankVersion(pluginId: string, version: string, reason: string, at: string): Promise<boolean> {
    const n = await this.db.run(
      `UPDATE versions SET yanked = 1, yank_reason = ?, yanked_at = ? WHERE plugin_id = ? AND version = ?`,
      [reason, at, pluginId, version],
    );
    return n > 0;
  }

  async updatePluginMeta(
    id: string,
    meta: { issuesUrl?: string | null; openBugs?: number | null },
  ): Promise<boolean> {
    let changed = 0;
    if (meta.issuesUrl !== undefined) {
      changed += await this.db.run(`UPDATE plugins SET issues_url = ? WHERE id = ?`, [meta.issuesUrl, id]);
    }
    if (meta.openBugs !== undefined) {
      changed += await this.db.run(`UPDATE plugins SET open_bugs = ? WHERE id = ?`, [meta.openBugs, id]);
    }
    return changed > 0 || (await this.getPlugin(id)) !== undefined;
  }

  async recordInstall(i: InstallRow): Promise<void> {
    await this.db.run(
      `INSERT INTO installs (plugin_id, version, team, instance_id, platform, at) VALUES (?, ?, ?, ?, ?, ?)`,
      [i.pluginId, i.version, i.team, i.instanceId, i.platform, i.at],
    );
  }

  async listInstalls(pluginId?: string): Promise<InstallRow[]> {
    const rows = pluginId
      ? await this.db.all(`SELECT * FROM installs WHERE plugin_id = ? ORDER BY id`, [pluginId])
      : await this.db.all(`SELECT * FROM installs ORDER BY id`);
    return rows.map((r) => ({
      pluginId: str(r.plugin_id),
      version: str(r.version),
      team: str(r.team),
      instanceId: str(r.instance_id),
      platform: str(r.platform),
      at: str(r.at),
    }));
  }

  async listUploadDirs(): Promise<string[]> {
    return (await this.db.all(`SELECT upload_dir FROM versions`)).map((r) => str(r.upload_dir));
  }
}
