import { createHash } from 'node:crypto';
import {
  buildPlugin,
  makeBundle,
  makeKeys,
  startTestRegistry,
  tempDir,
  type Keys,
  type TestRegistry,
} from './fixtures';

let keys: Keys;
let reg: TestRegistry;
let dir: string;
const id = 'acme-weather-datasource';

beforeAll(async () => {
  keys = await makeKeys();
  reg = await startTestRegistry(keys);
  dir = await tempDir();
  for (const version of ['1.0.0', '1.2.0', '1.10.0']) {
    const plugin = await buildPlugin(dir, { version });
    const res = await reg.publish(
      await makeBundle(dir, plugin, keys, {
        metadata: { createdAt: '2026-01-01T00:00:00Z', issuesUrl: 'https://issues.example/acme' },
      }),
    );
    expect(res.statusCode).toBe(201);
  }
});
afterAll(async () => {
  await reg.cleanup();
});

const get = (url: string, headers: Record<string, string> = {}) =>
  reg.app.inject({ method: 'GET', url, headers });

describe('Grafana-compatible API', () => {
  test('GET /api/plugins lists plugins as {items: [...]} with a numeric id and the plugin id as slug', async () => {
    const res = await get('/api/plugins');
    expect(res.statusCode).toBe(200);
    const { items } = res.json();
    expect(items).toEqual([
      expect.objectContaining({
        id: expect.any(Number),
        slug: id,
        version: '1.10.0',
        typeCode: 'datasource',
        status: 'active',
      }),
    ]);
  });

  test('slugIn filters by plugin id', async () => {
    expect((await get(`/api/plugins?slugIn=${id},nope`)).json().items).toHaveLength(1);
    expect((await get('/api/plugins?slugIn=nope')).json().items).toEqual([]);
  });

  test('versions are listed newest first (semver, not text order) with arch and packages maps', async () => {
    const { items } = (await get(`/api/plugins/${id}/versions`)).json();
    expect(items.map((v: { version: string }) => v.version)).toEqual(['1.10.0', '1.2.0', '1.0.0']);
    const v = items[0];
    expect(Object.keys(v.arch).sort()).toEqual(['any', 'linux-amd64', 'linux-arm64']);
    expect(v.arch['linux-amd64']).toEqual({ sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(v.packages['linux-amd64']).toEqual({
      sha256: v.arch['linux-amd64'].sha256,
      packageName: `${id}-1.10.0.linux_amd64.zip`,
      downloadUrl: expect.stringMatching(
        new RegExp(`/api/plugins/${id}/versions/1.10.0/download\\?os=linux&arch=amd64$`),
      ),
    });
    expect(v.grafanaDependency).toBe('>=11.0.0');
  });

  test('a plugin with no versions is a 404 with a message', async () => {
    const res = await get('/api/plugins/nobody-here/versions');
    expect(res.statusCode).toBe(404);
    expect(res.json().message).toBe('Plugin not found');
  });

  test.each([
    [{ 'grafana-os': 'linux', 'grafana-arch': 'amd64' }, 'linux-amd64'],
    [{ 'grafana-os': 'Linux', 'grafana-arch': 'arm64' }, 'linux-arm64'],
    [{ 'grafana-os': 'darwin', 'grafana-arch': 'arm64' }, 'any'],
    [{}, 'any'],
  ])(
    'download with headers %j serves the %s zip whose sha256 matches the listing',
    async (headers, platform) => {
      const listed = (await get(`/api/plugins/${id}/versions`)).json().items[0].arch[platform].sha256;
      const res = await get(`/api/plugins/${id}/versions/1.10.0/download`, headers);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/zip');
      expect(res.headers['x-dsforge-platform']).toBe(platform);
      expect(createHash('sha256').update(res.rawPayload).digest('hex')).toBe(listed);
    },
  );

  test('a version is also found as v1.2.0 (Grafana normalises a leading v)', async () => {
    expect((await get(`/api/plugins/${id}/versions/v1.2.0/download`)).statusCode).toBe(200);
  });

  test('/api/keys publishes the keyring and the certifier key for installers', async () => {
    const body = (await get('/api/keys')).json();
    expect(body.keys[0]).toMatchObject({ fingerprint: keys.signing.fingerprint });
    expect(body.certifier.keyId).toBe(keys.certifier.keyId);
  });
});

describe('yank', () => {
  test('needs a reason and the owning team', async () => {
    const url = `/api/plugins/${id}/versions/1.0.0/yank`;
    expect((await reg.app.inject({ method: 'POST', url, payload: { reason: 'x' } })).statusCode).toBe(401);
    const other = await reg.app.inject({
      method: 'POST',
      url,
      headers: { authorization: `Bearer ${reg.tokens.other}` },
      payload: { reason: 'x' },
    });
    expect(other.statusCode).toBe(403);
    const none = await reg.app.inject({
      method: 'POST',
      url,
      headers: { authorization: `Bearer ${reg.tokens.weather}` },
      payload: {},
    });
    expect(none.statusCode).toBe(400);
    expect(none.json().message).toMatch(/needs a reason/);
  });

  test('hides the version from listings and Grafana but keeps it downloadable by exact version', async () => {
    const res = await reg.app.inject({
      method: 'POST',
      url: `/api/plugins/${id}/versions/1.10.0/yank`,
      headers: { authorization: `Bearer ${reg.tokens.weather}` },
      payload: { reason: 'breaks dashboards on Grafana 11' },
    });
    expect(res.statusCode).toBe(200);
    const versions = (await get(`/api/plugins/${id}/versions`))
      .json()
      .items.map((v: { version: string }) => v.version);
    expect(versions).toEqual(['1.2.0', '1.0.0']);
    expect((await get('/api/plugins')).json().items[0].version).toBe('1.2.0');
    expect((await get(`/api/plugins/${id}/versions/1.10.0/download`)).statusCode).toBe(200);
    expect((await get(`/api/plugins/${id}/versions/1.10.0`)).json()).toMatchObject({
      yanked: true,
      yankReason: 'breaks dashboards on Grafana 11',
    });
    const page = await get(`/plugins/${id}`);
    expect(page.body).toContain('v1.2.0');
    expect(page.body).toMatch(
      /<tr data-version="1\.10\.0" class="yanked">[\s\S]*?yanked<\/span> <span class="yank-reason">breaks dashboards on Grafana 11</,
    );
  });
});

describe('installs, adoption and mission metrics', () => {
  test('install pings count per version, team and Grafana instance', async () => {
    const ping = (team: string, instanceId: string, version = '1.2.0') =>
      reg.app.inject({
        method: 'POST',
        url: '/api/installs',
        payload: { pluginId: id, version, team, instanceId, platform: 'linux-amd64' },
      });
    expect((await ping('weather', 'grafana-a')).statusCode).toBe(201);
    expect((await ping('other', 'grafana-b')).statusCode).toBe(201);
    expect((await ping('other', 'grafana-c', '1.0.0')).statusCode).toBe(201);
    expect((await ping('other', 'grafana-c', '9.9.9')).statusCode).toBe(404);
    const [a] = (await get('/api/metrics/adoption')).json().items;
    expect(a).toMatchObject({
      pluginId: id,
      installs: 3,
      perVersion: { '1.2.0': 2, '1.0.0': 1 },
      teams: ['other', 'weather'],
      instances: ['grafana-a', 'grafana-b', 'grafana-c'],
      teamsPercent: 100,
    });
    expect((await get('/adoption')).body).toContain('100%');
  });

  test('mission metrics report lead time from dsforge.createdAt to first publish and the median', async () => {
    const m = (await get('/api/metrics/mission')).json();
    expect(m.targetDays).toBe(5);
    expect(m.plugins[0]).toMatchObject({
      pluginId: id,
      createdAt: '2026-01-01T00:00:00.000Z',
      issuesUrl: 'https://issues.example/acme',
    });
    expect(m.medianLeadTimeDays).toBe(m.plugins[0].leadTimeDays);
  });

  test('the owning team sets the issues link and open bug count', async () => {
    const res = await reg.app.inject({
      method: 'POST',
      url: `/api/plugins/${id}/meta`,
      headers: { authorization: `Bearer ${reg.tokens.weather}` },
      payload: { issuesUrl: 'https://issues.example/weather', openBugs: 3 },
    });
    expect(res.statusCode).toBe(200);
    const m = (await get('/api/metrics/mission')).json();
    expect(m.plugins[0]).toMatchObject({ issuesUrl: 'https://issues.example/weather', openBugs: 3 });
    const bad = await reg.app.inject({
      method: 'POST',
      url: `/api/plugins/${id}/meta`,
      headers: { authorization: `Bearer ${reg.tokens.weather}` },
      payload: { issuesUrl: 'javascript:alert(1)' },
    });
    expect(bad.statusCode).toBe(400);
  });
});

describe('web UI', () => {
  test('browse and search render server-side', async () => {
    const all = await get('/');
    expect(all.headers['content-type']).toMatch(/text\/html/);
    expect(all.headers['content-security-policy']).toMatch(/default-src 'none'/);
    expect(all.body).toContain('Acme Weather');
    expect((await get('/?q=weather')).body).toContain(`/plugins/${id}`);
    expect((await get('/?q=zzz')).body).toContain('No plugins match this search');
  });

  test('the plugin page shows README, versions, changelog, certification, signature, owners and install', async () => {
    const body = (await get(`/plugins/${id}`)).body;
    expect(body).toContain('<strong>weather</strong>');
    expect(body).toContain('First release');
    expect(body).toMatch(/passed<\/span>/);
    expect(body).toContain('verifies');
    expect(body).toContain('class="owner">weather');
    expect(body).toContain(`dsforge install ${id}@1.2.0`);
    expect(body).toContain('grafana cli --repo');
  });

  test('my team: a token signs in through an HttpOnly cookie and lists the team plugins', async () => {
    const bad = await reg.app.inject({
      method: 'POST',
      url: '/session',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'token=nope',
    });
    expect(bad.statusCode).toBe(401);
    const ok = await reg.app.inject({
      method: 'POST',
      url: '/session',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `token=${encodeURIComponent(reg.tokens.weather!)}`,
    });
    expect(ok.statusCode).toBe(303);
    const cookie = String(ok.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly; SameSite=Strict/);
    const mine = await get('/teams/mine', { cookie: cookie.split(';')[0]! });
    expect(mine.body).toContain('Team weather');
    expect(mine.body).toContain(`/plugins/${id}`);
  });
});
