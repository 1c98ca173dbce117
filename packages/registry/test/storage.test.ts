import { rm } from 'node:fs/promises';
import { SqlStorage } from '../src/storage/sql-storage';
import { openStorage } from '../src/storage/open';
import { PostgresDb } from '../src/storage/postgres';
import { tempDir } from './fixtures';
import { startPostgres, type TestPostgres } from './postgres';
import { storageConformance } from './storage-conformance';

describe('SQLite storage', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });
  storageConformance(async () => {
    const d = await tempDir();
    dirs.push(d);
    return openStorage({ dataDir: d });
  });
});

describe('PostgreSQL storage (a real server started by the test)', () => {
  let pgServer: TestPostgres | undefined;
  beforeAll(async () => {
    pgServer = await startPostgres();
    if (!pgServer) {
      console.warn(
        'SKIPPED: PostgreSQL binaries not found in /usr/lib/postgresql/*/bin (apt-get install postgresql)',
      );
    }
  }, 120_000);
  afterAll(async () => {
    await pgServer?.stop();
  });

  storageConformance(async () => {
    if (!pgServer) throw new Error('PostgreSQL is not installed; see the SKIPPED warning');
    return openStorage({ dataDir: '/nonexistent', database: await pgServer.newDatabase() });
  });

  test('two instances migrating one database at the same time both come up', async () => {
    if (!pgServer) return;
    const url = await pgServer.newDatabase();
    const a = new SqlStorage(new PostgresDb(url));
    const b = new SqlStorage(new PostgresDb(url));
    await Promise.all([a.migrate(), b.migrate()]);
    expect(await a.listPlugins()).toEqual([]);
    await Promise.all([a.close(), b.close()]);
  });
});
