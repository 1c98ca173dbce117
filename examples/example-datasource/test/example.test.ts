/**
 * The example datasource's contract, checked in-process over gRPC (the same adapters Grafana
 * reaches), one test per scenario. The packaged binary is checked by tools/conformance.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import * as grpc from '@grpc/grpc-js';

import { decodeFrame, parseFrameJSON, toFrameJSON } from '@dsforge/backend/data';
import * as pb from '@dsforge/backend/internal/grpc';

import {
  queryRequest,
  services,
  startInProcess,
  wirePluginContext,
  wireQuery,
  type Harness,
} from '../../../packages/backend/test/harness';
import { ALL_TYPES_GOLDEN_JSON } from '../src/backend/all-types-golden';
import { createExamplePlugin } from '../src/backend/plugin';

type QDRes = pb.pluginv2.QueryDataResponse;

describe('example datasource', () => {
  let h: Harness;
  let state: ReturnType<typeof createExamplePlugin>['state'];
  beforeEach(async () => {
    const plugin = createExamplePlugin();
    state = plugin.state;
    h = await startInProcess(plugin.options as never);
  });
  afterEach(() => h.close());

  const query = (
    queries: pb.pluginv2.DataQuery[],
    opts: grpc.CallOptions = {},
    ctx = wirePluginContext(),
  ): Promise<QDRes> => h.unary(services.data, 'queryData', queryRequest(queries, ctx), opts);
  const resource = (path: string, method = 'GET', body = ''): Promise<pb.pluginv2.CallResourceResponse[]> =>
    h.stream(services.resource, 'callResource', {
      pluginContext: wirePluginContext(),
      path,
      method,
      url: path,
      headers: {},
      body: Buffer.from(body),
    });

  it('rows: one frame of time, value and label with the executed query string', async () => {
    const res = await query([wireQuery('A', { scenario: 'rows', rows: 12 }, 1_700_000_000_000)]);
    const r = res.responses.A!;
    expect(r.status).toBe(200);
    const f = decodeFrame(r.frames[0]!);
    expect(f).toMatchObject({ name: 'rows', refId: 'A', meta: { executedQueryString: 'rows 12' } });
    expect(f.fields.map((x) => [x.name, x.type])).toEqual([
      ['time', 'time'],
      ['value', 'float64'],
      ['label', 'string'],
    ]);
    expect(f.fields[0]!.values[3]).toBe(BigInt(1_700_000_003_000) * 1_000_000n);
    expect(f.fields[1]!.values[3]).toBe(4.5);
    expect(f.fields[2]!.values[11]).toBe('series-1');
  });

  it('all_types: the golden frame with the query’s refId, its JSON equal to the golden file', async () => {
    const res = await query([wireQuery('Q7', { scenario: 'all_types' })]);
    const f = decodeFrame(res.responses.Q7!.frames[0]!);
    expect(f.refId).toBe('Q7');
    f.refId = 'A';
    expect(toFrameJSON(f)).toEqual(parseFrameJSON(ALL_TYPES_GOLDEN_JSON));
  });

  it('embeds the golden JSON exactly as the fixture file has it', () => {
    const fixture = readFileSync(
      join(__dirname, '../../../packages/backend/src/data/testdata/all_types.golden.json'),
      'utf8',
    );
    expect(ALL_TYPES_GOLDEN_JSON).toBe(fixture);
  });

  it('error: 400 downstream with the scenario’s text', async () => {
    const r = (await query([wireQuery('A', { scenario: 'error' })])).responses.A!;
    expect(r).toMatchObject({
      status: 400,
      errorSource: 'downstream',
      error: 'upstream rejected the query: scenario error',
    });
  });

  it('throw: 500 plugin containing boom while a sibling query succeeds', async () => {
    const res = await query([
      wireQuery('A', { scenario: 'throw' }),
      wireQuery('B', { scenario: 'rows', rows: 3 }),
    ]);
    expect(res.responses.A).toMatchObject({ status: 500, errorSource: 'plugin' });
    expect(res.responses.A!.error).toContain('boom');
    expect(res.responses.B!.status).toBe(200);
  });

  it('slow: waits for cancellation, counts it and logs query cancelled with the refId', async () => {
    await expect(
      query([wireQuery('S', { scenario: 'slow' })], { deadline: Date.now() + 200 }),
    ).rejects.toMatchObject({
      code: grpc.status.DEADLINE_EXCEEDED,
    });
    for (let i = 0; i < 50 && state.cancelled === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(state.cancelled).toBe(1);
    expect(h.logs.find((l) => l['@message'] === 'query cancelled')).toMatchObject({
      '@level': 'info',
      refId: 'S',
    });
    const stats = await resource('stats');
    expect(JSON.parse(Buffer.from(stats[0]!.body).toString())).toMatchObject({ cancelled: 1 });
  });

  it('big: about the requested bytes in one string field, refused over GF_RESPONSE_LIMIT', async () => {
    const ctx = wirePluginContext();
    ctx.grafanaConfig = { GF_RESPONSE_LIMIT: '1048576' };
    const res = await query(
      [
        wireQuery('A', { scenario: 'big', bytes: 4 << 20 }),
        wireQuery('B', { scenario: 'big', bytes: 65536 }),
      ],
      {},
      ctx,
    );
    expect(res.responses.A).toMatchObject({ status: 500, errorSource: 'plugin', frames: [] });
    expect(res.responses.A!.error).toContain('over the limit of 1048576 bytes');
    const f = decodeFrame(res.responses.B!.frames[0]!);
    expect(f.fields).toHaveLength(1);
    expect(f.rowCount).toBe(64);
  });

  it('mismatch: a per-query error naming the fields and their lengths', async () => {
    const r = (await query([wireQuery('A', { scenario: 'mismatch' })])).responses.A!;
    expect(r.status).toBe(500);
    expect(r.error).toMatch(/"a" has 3.*"b" has 2/);
    expect(r.error).toContain('lengths');
  });

  it.each([
    ['{"scenario": rows', /^query JSON is invalid: /],
    ['{}', /no "scenario"; expected one of rows, all_types/],
    ['{"scenario":"x"}', /^unknown scenario "x"; expected one of /],
    [
      '{"scenario":"rows","rows":1000000000}',
      /^query "rows" must be an integer from 0 to 1000000, got 1000000000/,
    ],
    ['{"scenario":"big","bytes":-1}', /^query "bytes" must be an integer from 0 to 268435456/],
  ])('rejects %s with a 400 plugin error', async (json, message) => {
    const r = (await query([wireQuery('A', json)])).responses.A!;
    expect(r).toMatchObject({ status: 400, errorSource: 'plugin' });
    expect(r.error).toMatch(message);
  });

  it('checkHealth: OK with uid and instance number, ERROR when jsonData.failHealth is set', async () => {
    const ok = await h.unary<pb.pluginv2.CheckHealthRequest, pb.pluginv2.CheckHealthResponse>(
      services.diagnostics,
      'checkHealth',
      {
        pluginContext: wirePluginContext({ secrets: { apiKey: 'top-secret-key' } }),
        headers: {},
      },
    );
    expect(ok.status).toBe(pb.pluginv2.CheckHealthResponse_HealthStatus.OK);
    expect(ok.message).toBe('Example datasource is working');
    expect(JSON.parse(ok.jsonDetails.toString())).toEqual({ uid: 'ds-uid-1', instance: 1 });
    const bad = await h.unary<pb.pluginv2.CheckHealthRequest, pb.pluginv2.CheckHealthResponse>(
      services.diagnostics,
      'checkHealth',
      {
        pluginContext: wirePluginContext({ jsonData: '{"failHealth":true}', updated: 2 }),
        headers: {},
      },
    );
    expect(bad.status).toBe(pb.pluginv2.CheckHealthResponse_HealthStatus.ERROR);
    expect(bad.message).toBe('Health check failed because jsonData.failHealth is set');
    expect(JSON.stringify(h.logs)).not.toContain('top-secret-key');
  });

  it('resources: echo, chunks, stats and a JSON 404', async () => {
    const [echo] = await resource('echo', 'POST', 'hello body');
    expect(echo!.code).toBe(200);
    expect(echo!.headers['content-type']!.values).toEqual(['application/json']);
    expect(JSON.parse(echo!.body.toString())).toEqual({
      method: 'POST',
      path: 'echo',
      url: 'echo',
      body: 'hello body',
      user: 'admin',
    });
    const chunks = await resource('chunks');
    expect(chunks.map((m) => m.body.toString())).toEqual(['one\n', 'two\n', 'three\n']);
    expect(chunks[0]!.code).toBe(200);
    const [stats] = await resource('stats');
    expect(JSON.parse(stats!.body.toString())).toEqual({ cancelled: 0, instances: 1 });
    const [missing] = await resource('nowhere/else');
    expect(missing!.code).toBe(404);
    expect(JSON.parse(missing!.body.toString())).toEqual({ message: 'no resource at nowhere/else' });
  });

  it('streams: ticks subscribable, RunStream sends count frames (first with schema), publish denied', async () => {
    const sub = (path: string) =>
      h.unary<pb.pluginv2.SubscribeStreamRequest, pb.pluginv2.SubscribeStreamResponse>(
        services.stream,
        'subscribeStream',
        {
          pluginContext: wirePluginContext(),
          path,
          data: Buffer.alloc(0),
          headers: {},
        },
      );
    expect((await sub('ticks')).status).toBe(pb.pluginv2.SubscribeStreamResponse_Status.OK);
    expect((await sub('other')).status).toBe(pb.pluginv2.SubscribeStreamResponse_Status.NOT_FOUND);
    const packets = await h.stream<pb.pluginv2.RunStreamRequest, pb.pluginv2.StreamPacket>(
      services.stream,
      'runStream',
      {
        pluginContext: wirePluginContext(),
        path: 'ticks',
        data: Buffer.from('{"count":4,"intervalMs":5}'),
        headers: {},
      },
    );
    expect(packets).toHaveLength(4);
    const parsed = packets.map(
      (p) => JSON.parse(p.data.toString()) as { schema?: unknown; data: { values: unknown[][] } },
    );
    expect(parsed[0]!.schema).toBeDefined();
    expect(parsed[1]!.schema).toBeUndefined();
    expect(parsed.map((p) => p.data.values[1]![0])).toEqual([0, 1, 2, 3]);
    const pub = await h.unary<pb.pluginv2.PublishStreamRequest, pb.pluginv2.PublishStreamResponse>(
      services.stream,
      'publishStream',
      {
        pluginContext: wirePluginContext(),
        path: 'ticks',
        data: Buffer.alloc(0),
        headers: {},
      },
    );
    expect(pub.status).toBe(pb.pluginv2.PublishStreamResponse_Status.PERMISSION_DENIED);
  });

  it('collectMetrics: Prometheus text with the example’s query counter', async () => {
    await query([wireQuery('A', { scenario: 'rows', rows: 1 })]);
    const res = await h.unary<pb.pluginv2.CollectMetricsRequest, pb.pluginv2.CollectMetricsResponse>(
      services.diagnostics,
      'collectMetrics',
      {},
    );
    const text = res.metrics!.prometheus.toString();
    expect(text).toContain('# TYPE dsforge_example_queries_total counter');
    expect(text).toMatch(/^dsforge_example_queries_total 1$/m);
  });
});
