import pg from 'pg';
import type { SqlDb, SqlExecutor, SqlRow, SqlValue } from './db';

/** `?` placeholders → `$1, $2, …` (no statement here contains a literal question mark). */
function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

function executor(client: pg.Pool | pg.PoolClient): SqlExecutor {
  return {
    all: async (sql, params = []) => (await client.query(numbered(sql), params)).rows as SqlRow[],
    run: async (sql, params = []) => (await client.query(numbered(sql), params)).rowCount ?? 0,
  };
}

/** PostgreSQL through a `pg` pool; several registry instances may share one database. */
export class PostgresDb implements SqlDb {
  readonly dialect = 'postgres' as const;
  private readonly pool: pg.Pool;
  private readonly exec: SqlExecutor;

  constructor(connectionString: string) {
    this.pool = new pg.Pool({ connectionString, max: 5 });
    // An idle client losing its connection must not crash the process; the next query reconnects.
    this.pool.on('error', () => undefined);
    this.exec = executor(this.pool);
  }

  all(sql: string, params?: SqlValue[]): Promise<SqlRow[]> {
    return this.exec.all(sql, params);
  }

  run(sql: string, params?: SqlValue[]): Promise<number> {
    return this.exec.run(sql, params);
  }

  async tx<T>(fn: (q: SqlExecutor) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    // A connection lost mid-transaction surfaces as the failing query's rejection; without a
    // listener the client's 'error' event would also crash the process.
    const onError = (): void => undefined;
    client.on('error', onError);
    try {
      await client.query('BEGIN');
      const out = await fn(executor(client));
      await client.query('COMMIT');
      return out;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.off('error', onError);
      client.release();
    }
  }

  isUniqueViolation(err: unknown): boolean {
    return (err as { code?: unknown } | null)?.code === '23505';
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
