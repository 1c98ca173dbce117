/**
 * The plugin end to end: the packaged backend, started as Grafana starts it, queried for every
 * query type against a mock of the API (responses generated from the schema). Yours to extend.
 */
import { startPlugin, type PluginClient } from '@dsforge/testing';
import type { MockUpstream } from '@dsforge/testing';

import { ensureBuilt, expectsRows, fixtures, invalidMockBodies, startMockApi } from './generated/harness';

let api: MockUpstream;
let plugin: PluginClient;

beforeAll(async () => {
  const binary = ensureBuilt();
  api = await startMockApi();
  plugin = await startPlugin(binary, {
    settings: { url: api.url, jsonData: fixtures.auth.jsonData, basicAuthUser: 'tester' },
    secrets: fixtures.auth.valid,
  });
}, 600_000);

afterAll(async () => {
  await plugin?.shutdown();
  await api?.close();
});

it('answers the mock API with bodies that validate against the schema', () => {
  expect(invalidMockBodies()).toEqual([]);
});

it('passes Save & test against the API', async () => {
  const health = await plugin.health();
  expect(health).toMatchObject({ status: 'OK' });
});

it.each(fixtures.queries.map((q) => [q.operationId, q] as const))(
  'query type %s returns a frame from the API',
  async (_id, q) => {
    const res = await plugin.query([{ refId: 'A', json: q }]);
    expect(res.A?.error).toBeUndefined();
    expect(res.A?.frames.length).toBeGreaterThan(0);
    if (expectsRows(q.operationId)) expect(res.A?.frames[0]?.rowCount).toBeGreaterThan(0);
  },
);

if (fixtures.auth.type !== 'none') {
  it('reports a wrong credential as an authentication failure', async () => {
    const q = fixtures.queries[0]!;
    const res = await plugin.query([{ refId: 'A', json: q }], {
      settings: { uid: 'wrong-credentials', updated: new Date(1) },
      secrets: fixtures.auth.invalid,
    });
    expect(res.A?.status).toBe(401);
    expect(res.A?.error).toMatch(/authentication failed/i);
  });
}

it('names an unknown operation in the query error', async () => {
  const res = await plugin.query([{ refId: 'A', json: { operationId: 'noSuchOperation', params: {} } }]);
  expect(res.A?.status).toBe(400);
  expect(res.A?.error).toContain('noSuchOperation');
});
