/**
 * Record and replay as options of `mockUpstream` itself: `{ record }` forwards to the real upstream
 * and keeps the mock's request log; `{ replay }` answers from the files, with `routes` added on top.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

import { mockUpstream, type MockUpstream } from '../mock-upstream';

const TOKEN = 'bearer-secret-4242';
const ROWS = [{ id: 1, name: 'a' }];
let real: MockUpstream;
let dir: string;

beforeAll(async () => {
  real = await mockUpstream();
  // A real API that compresses its answers and checks the bearer token.
  real.route('GET', '/v1/rows', (ex) => {
    if (ex.headers.authorization !== `Bearer ${TOKEN}`) return ex.send(401, { error: 'no' });
    ex.send(200, gzipSync(JSON.stringify(ROWS)), {
      'content-type': 'application/json',
      'content-encoding': 'gzip',
    });
  });
  dir = await mkdtemp(join(tmpdir(), 'dsforge-mock-record-'));
});
afterAll(async () => {
  await real.close();
  await rm(dir, { recursive: true, force: true });
});

describe('mockUpstream record and replay options', () => {
  it('records through mockUpstream({ record }): real answer to the client, request log, scrubbed file', async () => {
    const rec = await mockUpstream({ record: { target: `${real.url}/v1`, fixturesDir: dir } });
    // fetch decompresses: the client got the real rows through the proxy.
    const res = await fetch(`${rec.url}/rows?limit=5`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(await res.json()).toEqual(ROWS);
    expect(rec.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual(['GET /rows 200']);
    expect(real.requests.at(-1)?.path).toBe('/v1/rows'); // the target's path prefix is kept
    await rec.close();
    expect(rec.recording?.files.map((f) => f.slice(dir.length + 1))).toEqual(['001-GET-rows.json']);
    const text = await readFile(join(dir, '001-GET-rows.json'), 'utf8');
    expect(text).not.toContain(TOKEN);
    // The body is stored decoded, so it can be scrubbed and reviewed; nothing asked for compression.
    const file = JSON.parse(text) as {
      response: { headers: Record<string, string>; body: { encoding: string; data: string } };
    };
    expect(real.requests.at(-1)?.headers['accept-encoding']).toBeUndefined();
    expect(file.response.headers['content-encoding']).toBeUndefined();
    expect(file.response.body).toEqual({ encoding: 'utf8', data: JSON.stringify(ROWS) });
  });

  it('replays with mockUpstream({ replay }), extra routes on top', async () => {
    const replay = await mockUpstream({
      replay: dir,
      routes: { 'GET /extra': (ex) => ex.send(200, { extra: true }) },
    });
    try {
      const res = await fetch(`${replay.url}/rows?limit=5`);
      expect(await res.json()).toEqual(ROWS);
      expect(await (await fetch(`${replay.url}/extra`)).json()).toEqual({ extra: true });
      expect((await readdir(dir)).length).toBe(1); // replay writes nothing
    } finally {
      await replay.close();
    }
  });

  it('answers 502 naming the target when the real upstream cannot be reached', async () => {
    const gone = await mockUpstream();
    const target = gone.url;
    await gone.close();
    const rec = await mockUpstream({ record: { target, fixturesDir: join(dir, 'unreachable') } });
    try {
      const res = await fetch(`${rec.url}/x`);
      expect(res.status).toBe(502);
      expect(await res.text()).toContain(`recording proxy could not reach ${target}`);
    } finally {
      await rec.close();
    }
  });
});
