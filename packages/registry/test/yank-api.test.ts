/**
 * Yank and un-yank through the API: who may do it, what Grafana's listings show afterwards, the
 * audit trail, and errors that name what exists.
 */
import { buildPlugin, makeBundle, makeKeys, startTestRegistry, tempDir, type TestRegistry } from './fixtures';

let reg: TestRegistry;
const id = 'acme-weather-datasource';
let clock = new Date('2026-03-01T10:00:00.000Z');

beforeAll(async () => {
  const keys = await makeKeys();
  reg = await startTestRegistry(keys, { now: () => clock });
  const dir = await tempDir();
  for (const version of ['1.0.0', '1.1.0']) {
    const res = await reg.publish(await makeBundle(dir, await buildPlugin(dir, { version }), keys));
    expect(res.statusCode).toBe(201);
  }
});
afterAll(async () => {
  await reg.cleanup();
});

const post = (action: 'yank' | 'unyank', version: string, body: unknown, team = 'weather') =>
  reg.app.inject({
    method: 'POST',
    url: `/api/plugins/${id}/versions/${version}/${action}`,
    headers: { authorization: `Bearer ${reg.tokens[team]}` },
    payload: body as object,
  });
const grafanaVersions = async () => {
  const res = await reg.app.inject({ method: 'GET', url: `/api/plugins/${id}/versions` });
  return res.statusCode === 200
    ? res.json().items.map((v: { version: string }) => v.version)
    : res.statusCode;
};

test('un-yank gives a yanked version back to Grafana, and both changes are recorded with team, time and reason', async () => {
  const yank = await post('yank', '1.1.0', { reason: 'breaks dashboards' });
  expect(yank.json()).toMatchObject({ yanked: true, changed: true, yankReason: 'breaks dashboards' });
  expect(await grafanaVersions()).toEqual(['1.0.0']);

  clock = new Date('2026-03-01T10:05:00.000Z');
  const undo = await post('unyank', 'v1.1.0', { reason: 'yanked the wrong version' });
  expect(undo.statusCode).toBe(200);
  expect(undo.json()).toMatchObject({
    version: '1.1.0',
    yanked: false,
    changed: true,
    yankReason: null,
    event: { action: 'unyank', team: 'weather', at: '2026-03-01T10:05:00.000Z' },
  });
  expect(await grafanaVersions()).toEqual(['1.1.0', '1.0.0']);

  const again = await post('unyank', '1.1.0', { reason: 'twice' });
  expect(again.json()).toMatchObject({ yanked: false, changed: false });

  const history = await reg.app.inject({ method: 'GET', url: `/api/plugins/${id}/versions/1.1.0/yanks` });
  expect(history.json().items).toEqual([
    {
      pluginId: id,
      version: '1.1.0',
      action: 'yank',
      team: 'weather',
      reason: 'breaks dashboards',
      at: '2026-03-01T10:00:00.000Z',
    },
    {
      pluginId: id,
      version: '1.1.0',
      action: 'unyank',
      team: 'weather',
      reason: 'yanked the wrong version',
      at: '2026-03-01T10:05:00.000Z',
    },
  ]);
});

test('un-yank needs the owning team and a reason', async () => {
  await post('yank', '1.0.0', { reason: 'r' });
  const other = await post('unyank', '1.0.0', { reason: 'mine now' }, 'other');
  expect(other.statusCode).toBe(403);
  expect(other.json()).toMatchObject({ code: 'wrong_team', message: expect.stringMatching(/"other"/) });
  const none = await post('unyank', '1.0.0', {});
  expect(none.statusCode).toBe(400);
  expect(none.json().message).toMatch(/un-yanking needs a reason/);
  expect(await grafanaVersions()).toEqual(['1.1.0']);
  await post('unyank', '1.0.0', { reason: 'test done' });
});

test('an unknown version is a 404 that lists the versions there are, yanked ones marked', async () => {
  await post('yank', '1.0.0', { reason: 'r' });
  const res = await post('yank', '1.9.0', { reason: 'r' });
  expect(res.statusCode).toBe(404);
  expect(res.json().message).toBe(`${id}@1.9.0 is not published here; its versions: 1.1.0, 1.0.0 (yanked)`);
  const unknown = await reg.app.inject({
    method: 'POST',
    url: '/api/plugins/acme-weather-nope/versions/1.0.0/unyank',
    headers: { authorization: `Bearer ${reg.tokens.weather}` },
    payload: { reason: 'r' },
  });
  expect(unknown.statusCode).toBe(404);
  expect(unknown.json().message).toBe('no plugin acme-weather-nope in this registry');
});
