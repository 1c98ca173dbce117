import * as grpc from '@grpc/grpc-js';

import { decodeFrame, Frame } from '../src/data';
import type { DataQuery } from '../src/query-data';
import { queryEach } from '../src/query-each';
import * as pb from '../src/grpc/gen/pluginv2';
import {
  queryRequest,
  services,
  startInProcess,
  wirePluginContext,
  wireQuery,
  type Harness,
} from './harness';

function rowsFrame(n: number): Frame {
  return new Frame({
    name: 'rows',
    fields: [
      {
        name: 'time',
        type: 'time',
        values: Array.from({ length: n }, (_, i) => 1_700_000_000_000 + i * 1000),
      },
      { name: 'value', type: 'float64', values: Array.from({ length: n }, (_, i) => i * 1.5) },
    ],
  });
}

describe('QueryData over gRPC', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  const query = (req: pb.QueryDataRequest, opts: grpc.CallOptions = {}): Promise<pb.QueryDataResponse> =>
    h!.unary<pb.QueryDataRequest, pb.QueryDataResponse>(services.data, 'queryData', req, opts);

  it('answers each query with Arrow frames, status 200 and the refId filled in', async () => {
    h = await startInProcess({ queryData: queryEach(async () => [rowsFrame(3)]) });
    const res = await query(queryRequest([wireQuery('A', { x: 1 }), wireQuery('B', {})]));
    for (const refId of ['A', 'B']) {
      const r = res.responses[refId]!;
      expect(r.status).toBe(200);
      expect(r.error).toBe('');
      expect(r.errorSource).toBe('');
      const frame = decodeFrame(r.frames[0]!);
      expect(frame.refId).toBe(refId);
      expect(frame.rowCount).toBe(3);
    }
  });

  it('gives the handler parsed query JSON, time range and typed settings without secrets in logs', async () => {
    const seen: DataQuery[] = [];
    h = await startInProcess({
      queryData: queryEach(async (q, ctx) => {
        seen.push(q);
        ctx.logger.info('using key', { key: ctx.plugin.dataSource?.secret('apiKey') });
        return [];
      }),
    });
    await query(
      queryRequest(
        [wireQuery('A', { scenario: 'rows', rows: 5 }, 1_000, 2_000)],
        wirePluginContext({ jsonData: '{"url":"x"}', secrets: { apiKey: 's3cr3t-value' } }),
      ),
    );
    expect(seen[0]!.json).toEqual({ scenario: 'rows', rows: 5 });
    expect(seen[0]!.query).toEqual({ scenario: 'rows', rows: 5 });
    expect(seen[0]!.timeRange).toEqual({ from: new Date(1_000), to: new Date(2_000) });
    expect(JSON.stringify(h.logs)).not.toContain('s3cr3t-value');
    const line = h.logs.find((l) => l['@message'] === 'using key')!;
    expect(line).toMatchObject({
      endpoint: 'queryData',
      pluginId: 'dsforge-example-datasource',
      dsUid: 'ds-uid-1',
      uname: 'Admin',
    });
  });

  it('answers invalid query JSON with a 400 plugin error and never passes it to the handler', async () => {
    const refIds: string[] = [];
    h = await startInProcess({ queryData: queryEach(async (q) => (refIds.push(q.refId), [])) });
    const res = await query(queryRequest([wireQuery('A', '{not json'), wireQuery('B', {})]));
    expect(res.responses.A).toMatchObject({ status: 400, errorSource: 'plugin' });
    expect(res.responses.A!.error).toMatch(/^query JSON is invalid: /);
    expect(res.responses.B!.status).toBe(200);
    expect(refIds).toEqual(['B']);
  });

  it('turns a parseQuery throw into that query’s 400 error', async () => {
    h = await startInProcess({
      parseQuery: (json) => {
        if (typeof (json as { n?: unknown }).n !== 'number') throw new Error('n must be a number');
        return json;
      },
      queryData: queryEach(async () => []),
    });
    const res = await query(queryRequest([wireQuery('A', { n: 'x' }), wireQuery('B', { n: 1 })]));
    expect(res.responses.A).toMatchObject({
      status: 400,
      errorSource: 'plugin',
      error: 'n must be a number',
    });
    expect(res.responses.B!.status).toBe(200);
  });

  it('keeps per-query error, status and errorSource as the handler set them', async () => {
    h = await startInProcess({
      queryData: async () => ({
        responses: { A: { error: 'upstream rejected the query', status: 400, errorSource: 'downstream' } },
      }),
    });
    const res = await query(queryRequest([wireQuery('A', {})]));
    expect(res.responses.A).toMatchObject({
      error: 'upstream rejected the query',
      status: 400,
      errorSource: 'downstream',
    });
  });

  it('answers every query with a 500 plugin error when queryData throws, without the stack', async () => {
    h = await startInProcess({
      queryData: async () => {
        throw new Error('boom');
      },
    });
    const res = await query(queryRequest([wireQuery('A', {}), wireQuery('B', {})]));
    for (const r of Object.values(res.responses)) {
      expect(r).toMatchObject({ error: 'boom', status: 500, errorSource: 'plugin' });
    }
    // The server keeps serving.
    expect((await query(queryRequest([wireQuery('C', {})]))).responses.C!.status).toBe(500);
  });

  it('isolates a throwing query inside queryEach', async () => {
    h = await startInProcess({
      queryData: queryEach(async (q) => {
        if (q.refId === 'A') throw new Error('boom');
        return [rowsFrame(1)];
      }),
    });
    const res = await query(queryRequest([wireQuery('A', {}), wireQuery('B', {})]));
    expect(res.responses.A).toMatchObject({ status: 500, errorSource: 'plugin' });
    expect(res.responses.A!.error).toContain('boom');
    expect(res.responses.B!.status).toBe(200);
  });

  it('answers a frame with mismatched field lengths with an error naming the fields', async () => {
    h = await startInProcess({
      queryData: queryEach(async () => [
        new Frame({
          name: 'bad',
          fields: [
            { name: 'short', type: 'int64', values: [1n] },
            { name: 'long', type: 'int64', values: [1n, 2n] },
          ],
        }),
      ]),
    });
    const res = await query(queryRequest([wireQuery('A', {})]));
    expect(res.responses.A).toMatchObject({ status: 500, errorSource: 'plugin' });
    expect(res.responses.A!.error).toMatch(/short/);
    expect(res.responses.A!.error).toMatch(/long/);
  });

  it('answers a query over the response limit with a clear error and keeps serving', async () => {
    h = await startInProcess(
      {
        queryData: queryEach(async () => [
          new Frame({ name: 'big', fields: [{ name: 's', type: 'string', values: ['x'.repeat(20_000)] }] }),
        ]),
      },
      { env: { GF_RESPONSE_LIMIT: '10000' } },
    );
    const res = await query(queryRequest([wireQuery('A', {})]));
    expect(res.responses.A).toMatchObject({ status: 500, errorSource: 'plugin' });
    expect(res.responses.A!.error).toMatch(
      /^response for query A is \d+ bytes, over the limit of 10000 bytes; narrow the query/,
    );
    expect(res.responses.A!.frames).toHaveLength(0);
  });

  it('prefers the per-request GF_RESPONSE_LIMIT from Grafana’s config', async () => {
    h = await startInProcess(
      { queryData: queryEach(async () => [rowsFrame(100)]) },
      { env: { GF_RESPONSE_LIMIT: '1' } },
    );
    const ctx = wirePluginContext();
    ctx.grafanaConfig = { GF_RESPONSE_LIMIT: String(1024 * 1024) };
    const res = await query(queryRequest([wireQuery('A', {})], ctx));
    expect(res.responses.A!.status).toBe(200);
  });

  it('answers UNIMPLEMENTED when the plugin has no queryData handler', async () => {
    h = await startInProcess({});
    await expect(query(queryRequest([wireQuery('A', {})]))).rejects.toMatchObject({
      code: grpc.status.UNIMPLEMENTED,
    });
  });

  it('aborts the handler’s signal when the client cancels and does not answer twice', async () => {
    let aborted!: () => void;
    const sawAbort = new Promise<void>((resolve) => (aborted = resolve));
    let started!: () => void;
    const sawStart = new Promise<void>((resolve) => (started = resolve));
    h = await startInProcess({
      queryData: (req, ctx) =>
        new Promise((resolve) => {
          if (req.queries[0]!.refId === 'B') return resolve({ responses: { B: { error: 'cancelled' } } });
          started();
          ctx.signal.addEventListener('abort', () => {
            aborted();
            resolve({ responses: { A: { error: 'cancelled' } } });
          });
        }),
    });
    const c = h.client(services.data);
    const call = (c.queryData as (...a: unknown[]) => grpc.ClientUnaryCall)(
      queryRequest([wireQuery('A', {})]),
      new grpc.Metadata(),
      {},
      () => {},
    );
    await sawStart;
    call.cancel();
    await sawAbort;
    // Still serving afterwards.
    expect((await query(queryRequest([wireQuery('B', {})]))).responses.B!.error).toBe('cancelled');
  });

  it('exposes the call deadline as remainingMs and aborts when it passes', async () => {
    let remaining = -1;
    h = await startInProcess({
      queryData: (_req, ctx) =>
        new Promise((resolve) => {
          remaining = ctx.remainingMs();
          ctx.signal.addEventListener('abort', () => resolve({ responses: {} }));
        }),
    });
    await expect(
      query(queryRequest([wireQuery('A', {})]), { deadline: Date.now() + 300 }),
    ).rejects.toMatchObject({ code: grpc.status.DEADLINE_EXCEEDED });
    expect(remaining).toBeGreaterThan(0);
    expect(remaining).toBeLessThanOrEqual(300);
  });

  it('stops waiting for a handler that never resolves once the deadline passes, and logs it', async () => {
    h = await startInProcess({ queryData: () => new Promise(() => {}) });
    await expect(
      query(queryRequest([wireQuery('A', {})]), { deadline: Date.now() + 200 }),
    ).rejects.toMatchObject({ code: grpc.status.DEADLINE_EXCEEDED });
    for (let i = 0; i < 50 && !h.logs.some((l) => l['@message'] === 'Plugin Request Completed'); i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(
      h.logs.find((l) => l['@message'] === 'the handler had not answered when the call ended'),
    ).toMatchObject({ '@level': 'warn' });
    expect(h.logs.find((l) => l['@message'] === 'Plugin Request Completed')).toMatchObject({
      status: 'cancelled',
      endpoint: 'queryData',
    });
  });
});
