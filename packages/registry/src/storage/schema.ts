import type { SqlDb } from './db';

/**
 * Schema migrations, applied in order and recorded in `schema_migrations`. Text timestamps (ISO
 * 8601) and BIGINT sizes keep one statement list valid for both SQLite and PostgreSQL.
 */
const MIGRATIONS: { version: number; statements: (dialect: SqlDb['dialect']) => string[] }[] = [
  {
    version: 1,
    statements: (dialect) => [
      `CREATE TABLE teams (
        name TEXT PRIMARY KEY,
        token_id TEXT NOT NULL UNIQUE,
        token_hash TEXT NOT NULL,
        owns TEXT NOT NULL,
        created_at TEXT NOT NULL)`,
      `CREATE TABLE plugins (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        description TEXT NOT NULL,
        type TEXT NOT NULL,
        team TEXT NOT NULL,
        created_at TEXT,
        first_published_at TEXT NOT NULL,
        issues_url TEXT,
        open_bugs BIGINT)`,
      `CREATE TABLE versions (
        plugin_id TEXT NOT NULL REFERENCES plugins(id),
        version TEXT NOT NULL,
        published_at TEXT NOT NULL,
        team TEXT NOT NULL,
        upload_dir TEXT NOT NULL,
        readme TEXT NOT NULL,
        changelog TEXT NOT NULL,
        certification TEXT NOT NULL,
        signature_fpr TEXT NOT NULL,
        signature_key_status TEXT NOT NULL,
        plugin_json TEXT NOT NULL,
        yanked BIGINT NOT NULL DEFAULT 0,
        yank_reason TEXT,
        yanked_at TEXT,
        PRIMARY KEY (plugin_id, version))`,
      `CREATE TABLE packages (
        plugin_id TEXT NOT NULL,
        version TEXT NOT NULL,
        platform TEXT NOT NULL,
        file_name TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        size BIGINT NOT NULL,
        signature TEXT NOT NULL,
        PRIMARY KEY (plugin_id, version, platform),
        FOREIGN KEY (plugin_id, version) REFERENCES versions(plugin_id, version))`,
      `CREATE TABLE installs (
        id ${dialect === 'sqlite' ? 'INTEGER PRIMARY KEY AUTOINCREMENT' : 'BIGSERIAL PRIMARY KEY'},
        plugin_id TEXT NOT NULL,
        version TEXT NOT NULL,
        team TEXT NOT NULL,
        instance_id TEXT NOT NULL,
        platform TEXT NOT NULL,
        at TEXT NOT NULL)`,
      `CREATE INDEX installs_plugin ON installs (plugin_id)`,
    ],
  },
  {
    // The audit trail of yanks and un-yanks; `versions.yank_*` only holds the current state.
    version: 2,
    statements: (dialect) => [
      `CREATE TABLE yank_events (
        id ${dialect === 'sqlite' ? 'INTEGER PRIMARY KEY AUTOINCREMENT' : 'BIGSERIAL PRIMARY KEY'},
        plugin_id TEXT NOT NULL,
        version TEXT NOT NULL,
        action TEXT NOT NULL,
        team TEXT NOT NULL,
        reason TEXT NOT NULL,
        at TEXT NOT NULL,
        FOREIGN KEY (plugin_id, version) REFERENCES versions(plugin_id, version))`,
      `CREATE INDEX yank_events_version ON yank_events (plugin_id, version)`,
    ],
  },
];

/**
 * Brings the schema up to date. Each migration runs in its own transaction together with its
 * `schema_migrations` row, so two instances starting at once cannot both apply it: the loser's
 * insert hits the primary key, rolls back, and it carries on with the migrated schema.
 */
export async function migrate(db: SqlDb): Promise<void> {
  try {
    await db.run(
      `CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, applied_at TEXT NOT NULL)`,
    );
  } catch (err) {
    // PostgreSQL: two concurrent `CREATE TABLE IF NOT EXISTS` can both pass the existence check,
    // and the loser fails on the catalog's unique index (23505) or as a duplicate table (42P07).
    // The table exists either way, which is all this statement is for.
    const code = (err as { code?: unknown } | null)?.code;
    if (code !== '23505' && code !== '42P07') throw err;
  }
  for (const m of MIGRATIONS) {
    const done = await db.all(`SELECT version FROM schema_migrations WHERE version = ?`, [m.version]);
    if (done.length > 0) continue;
    try {
      await db.tx(async (q) => {
        await q.run(`INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)`, [
          m.version,
          new Date().toISOString(),
        ]);
        for (const s of m.statements(db.dialect)) await q.run(s);
      });
    } catch (err) {
      // Another instance applied it first (its row won the primary key, or its tables exist).
      const again = await db.all(`SELECT version FROM schema_migrations WHERE version = ?`, [m.version]);
      if (again.length === 0) throw err;
    }
  }
}
