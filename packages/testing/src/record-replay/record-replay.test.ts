import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { fixture, mockUpstream, type MockUpstream } from '../mock-upstream';
import { recordUpstream } from './record';
import { replayUpstream } from './replay';
import { SCRUBBED } from './types';

const KEY = 'real-secret-key-8f3a';
let real: MockUpstream;
let dir: string;

beforeAll(async () => {
  real = await mockUpstream({ auth: { apiKey: KEY, password: 'real-password-77' } });
  real.route('GET', '/api/items', (ex) =>
    fixture({ page: ex.query.page, items: [{ id: 1 }, { id: 2 }], session: { token: 'sess-abc-123' } })(ex),
  );
  dir = await mkdtemp(join(tmpdir(), 'dsforge-record-'));
});
afterAll(async () => {
  await real.close();
  await rm(dir, { recursive: true, force: true });
});

/** What a client did against the real upstream, through the recorder. */
async function session(base: string) {
  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${base}${path}`, { headers }).then(async (r) => ({ status: r.status, body: await r.text() }));
  return {
    protected: await get('/protected', { 'x-api-key': KEY }),
    items: await get(`/api/items?page=1&api_key=${KEY}`),
    login: await fetch(`${base}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'mock-user', password: 'real-password-77' }),
    }).then(async (r) => ({ status: r.status, body: await r.text() })),
    flaky: [await get('/flaky/1?key=rr'), await get('/flaky/1?key=rr')],
  };
}

describe('record and replay', () => {
  let live: Awaited<ReturnType<typeof session>>;

  it('records through a proxy that forwards real credentials and writes scrubbed fixtures', async () => {
    const rec = await recordUpstream({ target: real.url, fixturesDir: dir, scrub: { secrets: [KEY] } });
    live = await session(rec.url);
    await rec.close();
    expect(live.protected.status).toBe(200); // the real key reached the upstream
    expect(live.items.status).toBe(200);
    expect(live.login.status).toBe(200);
    expect(live.flaky.map((f) => f.status)).toEqual([503, 200]);

    const files = (await readdir(dir)).sort();
    expect(files).toEqual([
      '001-GET-protected.json',
      '002-GET-api_items.json',
      '003-POST-login.json',
      '004-GET-flaky_1.json',
      '005-GET-flaky_1.json',
    ]);
    const all = (await Promise.all(files.map((f) => readFile(join(dir, f), 'utf8')))).join('\n');
    expect(all).not.toContain(KEY);
    expect(all).not.toContain('real-password-77');
    expect(all).not.toContain('sess-abc-123');
    const token = JSON.parse(live.login.body) as { token?: string; access_token?: string };
    for (const t of [token.token, token.access_token]) if (t) expect(all).not.toContain(t);
    const items = JSON.parse(await readFile(join(dir, '002-GET-api_items.json'), 'utf8'));
    expect(items.request.query).toEqual([
      ['page', '1'],
      ['api_key', SCRUBBED],
    ]);
    expect(JSON.parse(items.response.body.data)).toEqual({
      page: '1',
      items: [{ id: 1 }, { id: 2 }],
      session: { token: SCRUBBED },
    });
  });

  it('replays the recordings as a mock upstream, sequences in recorded order', async () => {
    const replay = await replayUpstream(dir);
    try {
      const again = await session(replay.url);
      expect(again.protected).toEqual(live.protected);
      expect(again.items.status).toBe(200);
      expect(JSON.parse(again.items.body)).toMatchObject({ page: '1', items: [{ id: 1 }, { id: 2 }] });
      expect(again.flaky.map((f) => f.status)).toEqual([503, 200]);
      // The last recording repeats.
      expect((await fetch(`${replay.url}/flaky/1?key=rr`)).status).toBe(200);
      // Its request log works as for any mock upstream.
      expect(replay.requests.map((r) => r.path)).toContain('/api/items');
    } finally {
      await replay.close();
    }
  });

  it('answers a request nobody recorded with a 404 naming what was recorded', async () => {
    const replay = await replayUpstream(dir);
    try {
      const r = await fetch(`${replay.url}/api/items?page=2`);
      expect(r.status).toBe(404);
      expect(await r.text()).toMatch(
        /no recording for GET \/api\/items\?page=2; recorded: \?page=1&api_key=\[scrubbed\]/,
      );
    } finally {
      await replay.close();
    }
  });
});
