import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SqlDb, SqlExecutor, SqlRow, SqlValue } from './db';

/**
 * SQLite through better-sqlite3 (synchronous). Because the storage API is async, a transaction
 * body can await between statements; a small queue makes every statement and transaction take
 * turns on the single connection so two requests never interleave inside one transaction.
 */
export class SqliteDb implements SqlDb {
  readonly dialect = 'sqlite' as const;
  private readonly db: Database.Database;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(file: string) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    // WAL lets the CLI (`registry team add`) write while a server process reads.
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('foreign_keys = ON');
  }

  private turn<T>(fn: () => Promise<T> | T): Promise<T> {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private exec: SqlExecutor = {
    all: async (sql, params = []) => this.db.prepare(sql).all(...params) as SqlRow[],
    run: async (sql, params = []) => this.db.prepare(sql).run(...params).changes,
  };

  all(sql: string, params: SqlValue[] = []): Promise<SqlRow[]> {
    return this.turn(() => this.exec.all(sql, params));
  }

  run(sql: string, params: SqlValue[] = []): Promise<number> {
    return this.turn(() => this.exec.run(sql, params));
  }

  tx<T>(fn: (q: SqlExecutor) => Promise<T>): Promise<T> {
    return this.turn(async () => {
      // IMMEDIATE takes the write lock up front, so another process fails fast (busy_timeout)
      // instead of deadlocking on a read-to-write upgrade.
      this.db.exec('BEGIN IMMEDIATE');
      try {
        const out = await fn(this.exec);
        this.db.exec('COMMIT');
        return out;
      } catch (err) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw err;
      }
    });
  }

  isUniqueViolation(err: unknown): boolean {
    const code = (err as { code?: unknown } | null)?.code;
    return code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
  }

  async close(): Promise<void> {
    await this.turn(() => this.db.close());
  }
}
