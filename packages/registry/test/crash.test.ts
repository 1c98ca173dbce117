import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { createRegistry } from '../src/server/app';
import { buildPlugin, makeBundle, makeKeys, startTestRegistry, tempDir, type Keys } from './fixtures';
import { startPostgres, type TestPostgres } from './postgres';

let keys: Keys;
beforeAll(async () => {
  keys = await makeKeys();
});

async function until(check: () => Promise<boolean>, what: string, tries = 100): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

test('a client that disconnects mid-upload leaves no version and no temp file', async () => {
  const reg = await startTestRegistry(keys);
  const dir = await tempDir();
  const bundle = await readFile(await makeBundle(dir, await buildPlugin(dir), keys));
  await reg.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = reg.app.server.address() as { port: number };
  try {
    await new Promise<void>((resolve) => {
      const req = request({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/api/publish',
        headers: {
          'content-type': 'application/vnd.dsforge.publish+zip',
          'content-length': bundle.length,
          authorization: `Bearer ${reg.tokens.weather}`,
        },
      });
      req.on('error', () => resolve());
      req.write(bundle.subarray(0, Math.floor(bundle.length / 2)), () => {
        // Give the server a moment to start streaming to its temp file, then drop the connection.
        setTimeout(() => {
          req.destroy();
          resolve();
        }, 100);
      });
    });
    await until(
      async () => (await readdir(reg.artifacts.tmpDir)).length === 0,
      'the temp upload to be removed',
    );
    expect(await reg.storage.listVersions('acme-weather-datasource')).toEqual([]);
    expect(await readdir(join(reg.artifacts.root, 'plugins'))).toEqual([]);
    // The same bundle published in full afterwards is accepted: the abort left nothing in the way.
    const ok = await fetch(`http://127.0.0.1:${port}/api/publish`, {
      method: 'POST',
      headers: {
        'content-type': 'application/vnd.dsforge.publish+zip',
        authorization: `Bearer ${reg.tokens.weather}`,
      },
      body: bundle,
    });
    expect(ok.status).toBe(201);
  } finally {
    await reg.cleanup();
  }
});

test('an upload over the limit gets a 413 answer over a real connection, not a reset', async () => {
  const reg = await startTestRegistry(keys, { maxUploadBytes: 1000 });
  try {
    await reg.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = reg.app.server.address() as { port: number };
    const dir = await tempDir();
    const bundle = await makeBundle(dir, await buildPlugin(dir), keys);
    const { uploadFile } = await import('../src/client/http');
    const res = await uploadFile(`http://127.0.0.1:${port}/api/publish`, bundle, {
      'content-type': 'application/vnd.dsforge.publish+zip',
      authorization: `Bearer ${reg.tokens.weather}`,
    });
    expect(res.status).toBe(413);
    expect(String(res.body.message)).toMatch(/size limit of 1000 bytes/);
    // Without a content-length the limit is enforced while streaming.
    const chunked = await fetch(`http://127.0.0.1:${port}/api/publish`, {
      method: 'POST',
      headers: {
        'content-type': 'application/vnd.dsforge.publish+zip',
        authorization: `Bearer ${reg.tokens.weather}`,
      },
      body: new Blob([await readFile(bundle)]).stream(),
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);
    await until(
      async () => (await readdir(reg.artifacts.tmpDir)).length === 0,
      'the temp upload to be removed',
    );
  } finally {
    await reg.cleanup();
  }
});

test('leftovers of a crashed process (temp upload, unreferenced files) are removed at start', async () => {
  const dataDir = await tempDir();
  const first = await createRegistry({ dataDir });
  await first.close();
  const tmpLeft = join(dataDir, 'artifacts', 'tmp', 'upload-crashed');
  const orphan = join(dataDir, 'artifacts', 'plugins', 'acme-x', '1.0.0', 'uuid-never-inserted');
  await mkdir(tmpLeft, { recursive: true });
  await writeFile(join(tmpLeft, 'upload.bundle'), 'half');
  await mkdir(orphan, { recursive: true });
  await writeFile(join(orphan, 'acme-x-1.0.0.zip'), 'PK');
  const second = await createRegistry({ dataDir, orphanMaxAgeMs: 0 });
  expect(await readdir(join(dataDir, 'artifacts', 'tmp'))).toEqual([]);
  expect(await readdir(join(dataDir, 'artifacts', 'plugins', 'acme-x', '1.0.0'))).toEqual([]);
  expect(await second.storage.listVersions('acme-x')).toEqual([]);
  await second.close();
});

describe('two registry instances sharing PostgreSQL and an artifact directory', () => {
  let pgServer: TestPostgres | undefined;
  beforeAll(async () => {
    pgServer = await startPostgres();
    if (!pgServer) console.warn('SKIPPED: PostgreSQL binaries not found (apt-get install postgresql)');
  }, 120_000);
  afterAll(async () => {
    await pgServer?.stop();
  });

  test('concurrent publishes of one version through both instances: exactly one wins', async () => {
    if (!pgServer) return;
    const database = await pgServer.newDatabase();
    const shared = await tempDir();
    const a = await startTestRegistry(keys, { database, artifactsDir: shared });
    // The second instance shares the database, so the first one's team tokens work on it too.
    const b = await startTestRegistry(keys, { database, artifactsDir: shared }, a.tokens);
    const dir = await tempDir();
    const plugin = await buildPlugin(dir);
    const [ra, rb] = await Promise.all([
      a.publish(await makeBundle(dir, plugin, keys), a.tokens.weather),
      b.publish(await makeBundle(dir, plugin, keys), b.tokens.weather),
    ]);
    expect([ra.statusCode, rb.statusCode].sort()).toEqual([201, 409]);
    expect(await a.storage.listVersions(plugin.id)).toHaveLength(1);
    expect(await readdir(join(shared, 'plugins', plugin.id, '1.0.0'))).toHaveLength(1);
    // Either instance serves the winner's files.
    const listed = (await b.app.inject(`/api/plugins/${plugin.id}/versions`)).json().items[0].arch.any.sha256;
    const dl = await a.app.inject(`/api/plugins/${plugin.id}/versions/1.0.0/download`);
    expect(dl.headers['x-dsforge-sha256']).toBe(listed);
    await a.cleanup();
    await b.cleanup();
  });
});
