/**
 * The little SQL surface the storage needs, so one `SqlStorage` serves SQLite and PostgreSQL.
 * Statements are written with `?` placeholders; the PostgreSQL driver rewrites them to `$n`.
 */
export type SqlValue = string | number | null;
export type SqlRow = Record<string, unknown>;

/** Runs statements on one connection (or inside one transaction). */
export interface SqlExecutor {
  all(sql: string, params?: SqlValue[]): Promise<SqlRow[]>;
  run(sql: string, params?: SqlValue[]): Promise<number>;
}

/** A database connection (pool) with transactions. */
export interface SqlDb extends SqlExecutor {
  readonly dialect: 'sqlite' | 'postgres';
  /** Runs `fn` in a transaction: commit when it resolves, roll back when it throws. */
  tx<T>(fn: (q: SqlExecutor) => Promise<T>): Promise<T>;
  /** True when `err` is a primary-key / unique-constraint violation. */
  isUniqueViolation(err: unknown): boolean;
  close(): Promise<void>;
}
