import { join } from 'node:path';
import { PostgresDb } from './postgres';
import { SqliteDb } from './sqlite';
import { SqlStorage } from './sql-storage';
import type { RegistryStorage } from './types';

/** Where the metadata lives: `database` (a postgres:// URL) wins over the SQLite file in `dataDir`. */
export interface StorageOptions {
  dataDir: string;
  database?: string;
}

/**
 * Opens and migrates the metadata store: PostgreSQL when `database` is a postgres URL, else
 * SQLite at `<dataDir>/registry.db`.
 */
export async function openStorage(opts: StorageOptions): Promise<RegistryStorage> {
  let storage: RegistryStorage;
  if (opts.database) {
    if (!/^postgres(ql)?:\/\//.test(opts.database)) {
      throw new Error(
        `--database must be a postgres:// or postgresql:// URL (got "${opts.database.split('@').pop()}"); omit it to use SQLite in --data`,
      );
    }
    storage = new SqlStorage(new PostgresDb(opts.database));
  } else {
    storage = new SqlStorage(new SqliteDb(join(opts.dataDir, 'registry.db')));
  }
  try {
    await storage.migrate();
  } catch (err) {
    await storage.close().catch(() => undefined);
    throw err;
  }
  return storage;
}
