/**
 * Record/replay with the kit example: a session against an upstream that needs an API key is
 * recorded through `recordUpstream` (the key reaches the upstream, the fixture files never hold
 * it), then the fixture folder is replayed with `replayUpstream` and the datasource — driven
 * in-process over gRPC, the adapters Grafana reaches — answers with the same frames, offline.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { decodeFrame, toFrameJSON, type Frame } from '@dsforge/backend/data';
import type * as pb from '@dsforge/backend/internal/grpc';
import { createDatasource } from '@dsforge/kit';
import {
  expectFrames,
  fixture,
  mockUpstream,
  recordUpstream,
  replayUpstream,
  type MockUpstream,
} from '@dsforge/testing';

import {
  queryRequest,
  services,
  startInProcess,
  wirePluginContext,
  wireQuery,
  type Harness,
} from '../../../packages/backend/test/harness';
import { kitDatasourceOptions } from '../src/backend/datasource';

const API_KEY = 'kit-recorded-key-7Qm2x9';
const ROWS = [
  { time: '2026-01-01T00:00:00Z', value: 1.5, label: 'a' },
  { time: '2026-01-01T00:01:00Z', value: 2.5, label: 'b' },
];

let real: MockUpstream;
let dir: string;
let h: Harness;
let uids = 0;

beforeAll(async () => {
  real = await mockUpstream({ auth: { apiKey: API_KEY } });
  real.route('GET', '/api/items', real.auth.requireAuth(fixture(ROWS)));
  dir = await mkdtemp(join(tmpdir(), 'dsforge-kit-recordings-'));
  h = await startInProcess(createDatasource(kitDatasourceOptions()) as never);
});
afterAll(async () => {
  await h?.close();
  await real?.close();
  await rm(dir, { recursive: true, force: true });
});

/** The datasource's answer to `{ path: '/api/items' }` with the upstream at `url` (a fresh instance each time). */
async function itemsFrames(url: string): Promise<Frame[]> {
  const ctx = wirePluginContext({
    uid: `kit-replay-${++uids}`,
    jsonData: JSON.stringify({ authType: 'apiKey', timeout: 2 }),
    secrets: { apiKey: API_KEY },
  });
  ctx.dataSourceInstanceSettings!.url = url;
  const res: pb.pluginv2.QueryDataResponse = await h.unary(
    services.data,
    'queryData',
    queryRequest([wireQuery('A', { path: '/api/items' })], ctx),
  );
  const r = res.responses.A!;
  expect(r.error).toBe('');
  return r.frames.map((b) => decodeFrame(b));
}

describe('kit datasource record and replay', () => {
  let live: Frame[];

  it('records a session through the proxy with the API key scrubbed from every fixture file', async () => {
    const rec = await recordUpstream({ target: real.url, fixturesDir: dir, scrub: { secrets: [API_KEY] } });
    try {
      live = await itemsFrames(rec.url);
    } finally {
      await rec.close();
    }
    // The key went through to the upstream (it answered 200 behind its auth check)...
    expect(live[0]!.rowCount).toBe(ROWS.length);
    const files = await readdir(dir);
    expect(files).toEqual(['001-GET-api_items.json']);
    // ...but never reached the disk.
    const text = (await Promise.all(files.map((f) => readFile(join(dir, f), 'utf8')))).join('\n');
    expect(text).not.toContain(API_KEY);
    expect(text).not.toContain(Buffer.from(API_KEY).toString('base64'));
    expect(text).toContain('[scrubbed]');
  });

  it('replays the recordings offline and the datasource answers with the same frames', async () => {
    const upstream = await replayUpstream(dir);
    try {
      const replayed = await itemsFrames(upstream.url);
      expect(replayed.map((f) => toFrameJSON(f))).toEqual(live.map((f) => toFrameJSON(f)));
      expectFrames(replayed, join(__dirname, 'golden/items.json'));
      expect(upstream.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /api/items']);
    } finally {
      await upstream.close();
    }
  });
});
