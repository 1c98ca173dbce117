import { DuplicateVersionError } from '../errors';
import type { SqlDb, SqlExecutor } from './db';
import { str, toPackage, toPlugin, toTeam, toVersion, toYankEvent } from './rows';
import { migrate } from './schema';
import type {
  InstallRow,
  NewVersion,
  PluginRow,
  RegistryStorage,
  TeamRow,
  VersionRow,
  YankEvent,
  YankOutcome,
} from './types';

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

  async setYanked(e: YankEvent): Promise<YankOutcome> {
    const yanked = e.action === 'yank';
    return this.db.tx(async (q) => {
      // The state check is part of the UPDATE, so the row lock decides between concurrent requests.
      const n = yanked
        ? await q.run(
            `UPDATE versions SET yanked = 1, yank_reason = ?, yanked_at = ?
             WHERE plugin_id = ? AND version = ? AND yanked = 0`,
            [e.reason, e.at, e.pluginId, e.version],
          )
        : await q.run(
            `UPDATE versions SET yanked = 0, yank_reason = NULL, yanked_at = NULL
             WHERE plugin_id = ? AND version = ? AND yanked = 1`,
            [e.pluginId, e.version],
          );
      if (n === 0) {
        const exists = await q.all(`SELECT 1 AS x FROM versions WHERE plugin_id = ? AND version = ?`, [
          e.pluginId,
          e.version,
        ]);
        return exists.length > 0 ? 'unchanged' : 'missing';
      }
      await q.run(
        `INSERT INTO yank_events (plugin_id, version, action, team, reason, at) VALUES (?, ?, ?, ?, ?, ?)`,
        [e.pluginId, e.version, e.action, e.team, e.reason, e.at],
      );
      return 'changed';
    });
  }

  async listYankEvents(pluginId: string, version?: string): Promise<YankEvent[]> {
    const rows =
      version === undefined
        ? await this.db.all(`SELECT * FROM yank_events WHERE plugin_id = ? ORDER BY id`, [pluginId])
        : await this.db.all(`SELECT * FROM yank_events WHERE plugin_id = ? AND version = ? ORDER BY id`, [
            pluginId,
            version,
          ]);
    return rows.map(toYankEvent);
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
