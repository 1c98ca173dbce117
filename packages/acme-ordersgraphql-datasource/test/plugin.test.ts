/**
 * The plugin end to end: the packaged backend, started as Grafana starts it, queried for every
 * query type — against a mock of the API generated from the schema, and against recorded traffic
 * of the real API (`test/recordings/`, replayed offline). Frames are held to golden files in
 * `test/golden/`: after an intended change, `UPDATE_GOLDEN=1 pnpm test` rewrites them for review.
 *
 * Record the real API (replaces `test/recordings/`; credentials are scrubbed from the files):
 *   DSFORGE_RECORD_URL=https://api.example.com DSFORGE_RECORD_SECRETS='{"apiKey":"…"}' pnpm test
 *
 * Yours to extend.
 */
import { startPlugin, type PluginClient, type RecordedUpstream, type UpstreamAccess } from '@dsforge/testing';
import type { MockUpstream } from '@dsforge/testing';

import {
  ensureBuilt,
  expectGolden,
  expectsRows,
  fixtures,
  invalidMockBodies,
  queries,
  recordedMode,
  startMockApi,
  startRecordedApi,
  TIME_RANGE,
} from './generated/harness';

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

describe('against the schema mock', () => {
  it('answers with bodies that validate against the schema', () => {
    expect(invalidMockBodies()).toEqual([]);
  });

  it('passes Save & test', async () => {
    const health = await plugin.health();
    expect(health).toMatchObject({ status: 'OK' });
  });

  it.each(queries.map((q) => [q.operationId, q] as const))(
    'query type %s returns its golden frames',
    async (_id, q) => {
      const res = await plugin.query([{ refId: 'A', json: q, timeRange: TIME_RANGE }]);
      expect(res.A?.error).toBeUndefined();
      expect(res.A?.frames.length).toBeGreaterThan(0);
      if (expectsRows(q.operationId)) expect(res.A?.frames[0]?.rowCount).toBeGreaterThan(0);
      expectGolden(res.A!.frames, `mock/${q.operationId}`);
    },
  );

  if (fixtures.auth.type !== 'none') {
    it('reports a wrong credential as an authentication failure', async () => {
      const q = queries[0]!;
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
});

const recorded = recordedMode();
(recorded === 'none' ? describe.skip : describe)(
  recorded === 'none'
    ? 'against recorded traffic (test/recordings/ is empty: record it with DSFORGE_RECORD_URL)'
    : `against recorded traffic (${recorded})`,
  () => {
    let upstream: RecordedUpstream | undefined;
    /** Recording: what the real API answered each query type with, when that was an error. */
    const liveErrors = new Map<string, string>();
    const run = (q: (typeof queries)[number], uid: string, access: UpstreamAccess) =>
      plugin.query([{ refId: 'A', json: q, timeRange: TIME_RANGE }], {
        settings: { uid, url: access.url },
        secrets: access.secrets,
      });

    beforeAll(async () => {
      // Recording: every query goes once through the recording proxy to the real API; the tests
      // below then run on the replay, as every later offline run will.
      upstream = await startRecordedApi(async (live) => {
        for (const q of queries) {
          const res = await run(q, 'recording', live);
          if (res.A?.error) liveErrors.set(q.operationId, res.A.error);
        }
      });
    }, 120_000);

    afterAll(async () => {
      await upstream?.close();
    });

    it.each(queries.map((q) => [q.operationId, q] as const))(
      'query type %s answers with the frames of its recording',
      async (_id, q) => {
        // A query the real API failed while recording: fix its sample query (`queries` in
        // certify.config.json) or the API side, then record again.
        expect({ operationId: q.operationId, liveError: liveErrors.get(q.operationId) }).toEqual({
          operationId: q.operationId,
          liveError: undefined,
        });
        const res = await run(q, 'recorded-traffic', upstream!);
        expect(res.A?.error).toBeUndefined();
        expectGolden(res.A!.frames, `recorded/${q.operationId}`, { update: upstream!.mode === 'record' });
      },
    );
  },
);
