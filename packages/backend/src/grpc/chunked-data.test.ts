import * as grpc from '@grpc/grpc-js';

import {
  queryRequest,
  services,
  startInProcess,
  wirePluginContext,
  wireQuery,
  type Harness,
} from '../../test/harness';
import { decodeFrame, Frame, fromFrameJSON, parseFrameJSON } from '../data';
import { downstreamError } from '../error-source';
import { queryEach } from '../query-each';
import * as pb from './gen/pluginv2';

function frame(name: string, n: number, refId?: string): Frame {
  return new Frame({
    name,
    refId,
    fields: [{ name: 'value', type: 'float64', values: Array.from({ length: n }, (_, i) => i) }],
  });
}

function chunkedRequest(
  queries: pb.DataQuery[],
  format = pb.DataFrameFormat.ARROW,
  ctx: pb.PluginContext = wirePluginContext(),
): pb.QueryChunkedDataRequest {
  return { ...queryRequest(queries, ctx), format };
}

function byRef(chunks: pb.QueryChunkedDataResponse[], refId: string): pb.QueryChunkedDataResponse[] {
  return chunks.filter((c) => c.refId === refId);
}

describe('QueryChunkedData over gRPC', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  const chunked = (req: pb.QueryChunkedDataRequest): Promise<pb.QueryChunkedDataResponse[]> =>
    h!.stream<pb.QueryChunkedDataRequest, pb.QueryChunkedDataResponse>(
      services.data,
      'queryChunkedData',
      req,
    );

  it('sends one Arrow chunk per frame with frameId f<i>, status 200 and the query’s refId', async () => {
    h = await startInProcess({
      queryData: queryEach(async (q) => [frame('first', 2, 'someone-else'), frame(`second-${q.refId}`, 3)]),
    });
    const chunks = await chunked(chunkedRequest([wireQuery('A', {}), wireQuery('B', {})]));
    expect(chunks).toHaveLength(4);
    for (const refId of ['A', 'B']) {
      const mine = byRef(chunks, refId);
      expect(mine.map((c) => c.frameId)).toEqual(['f0', 'f1']);
      for (const c of mine) {
        expect(c).toMatchObject({
          status: 200,
          error: '',
          errorSource: '',
          format: pb.DataFrameFormat.ARROW,
        });
        expect(decodeFrame(c.frame).refId).toBe(refId);
      }
      expect(decodeFrame(mine[1]!.frame).name).toBe(`second-${refId}`);
      expect(decodeFrame(mine[0]!.frame).rowCount).toBe(2);
    }
  });

  it('sends a failed query’s frames, then one chunk with its error, status and errorSource', async () => {
    h = await startInProcess({
      queryData: async () => ({
        responses: {
          A: { frames: [frame('partial', 1)], error: downstreamError('upstream said no'), status: 502 },
        },
      }),
    });
    const chunks = await chunked(chunkedRequest([wireQuery('A', {})], pb.DataFrameFormat.JSON));
    expect(chunks.map((c) => c.frameId)).toEqual(['f0', '']);
    expect(chunks[1]).toMatchObject({
      refId: 'A',
      error: 'upstream said no',
      status: 502,
      errorSource: 'downstream',
      format: pb.DataFrameFormat.JSON,
    });
    expect(chunks[1]!.frame).toHaveLength(0);
  });

  it('isolates an invalid query and a throwing one while the others are answered', async () => {
    h = await startInProcess({
      queryData: queryEach(async (q) => {
        if (q.refId === 'C') throw new Error('boom');
        return [frame('ok', 1)];
      }),
    });
    const chunks = await chunked(
      chunkedRequest([wireQuery('A', '{not json'), wireQuery('B', {}), wireQuery('C', {})]),
    );
    expect(byRef(chunks, 'A')).toEqual([expect.objectContaining({ status: 400, errorSource: 'plugin' })]);
    expect(byRef(chunks, 'A')[0]!.error).toMatch(/^query JSON is invalid/);
    expect(byRef(chunks, 'B')).toEqual([expect.objectContaining({ frameId: 'f0', status: 200 })]);
    expect(byRef(chunks, 'C')).toEqual([
      expect.objectContaining({ error: 'boom', status: 500, errorSource: 'plugin' }),
    ]);
  });

  it('sends nothing for a query answered without frames, and a status chunk for a non-200 success', async () => {
    h = await startInProcess({
      queryData: async (req) => ({
        responses: { [req.queries[0]!.refId]: req.queries[0]!.refId === 'A' ? {} : { status: 206 } },
      }),
    });
    const chunks = await chunked(chunkedRequest([wireQuery('A', {}), wireQuery('B', {})]));
    expect(chunks).toEqual([expect.objectContaining({ refId: 'B', status: 206, error: '', frameId: '' })]);
  });

  it('writes frame JSON with schema and data when the request asks for JSON', async () => {
    h = await startInProcess({ queryData: queryEach(async () => [frame('rows', 3)]) });
    const [c] = await chunked(chunkedRequest([wireQuery('A', {})], pb.DataFrameFormat.JSON));
    expect(c!.format).toBe(pb.DataFrameFormat.JSON);
    const json = parseFrameJSON(c!.frame.toString('utf8'));
    expect(Object.keys(json)).toEqual(['schema', 'data']);
    const decoded = fromFrameJSON(json);
    expect(decoded.name).toBe('rows');
    expect(decoded.refId).toBe('A');
    expect(decoded.fields[0]!.values).toEqual([0, 1, 2]);
  });

  it('applies the response limit to each query on its own', async () => {
    h = await startInProcess(
      {
        queryData: queryEach(async (q) => [
          new Frame({
            name: 'big',
            fields: [{ name: 's', type: 'string', values: ['x'.repeat(q.refId === 'A' ? 20_000 : 10)] }],
          }),
        ]),
      },
      { env: { GF_RESPONSE_LIMIT: '10000' } },
    );
    const chunks = await chunked(chunkedRequest([wireQuery('A', {}), wireQuery('B', {})]));
    expect(byRef(chunks, 'A')).toEqual([expect.objectContaining({ status: 500, errorSource: 'plugin' })]);
    expect(byRef(chunks, 'A')[0]!.error).toMatch(/^response for query A is \d+ bytes, over the limit/);
    expect(byRef(chunks, 'B')).toEqual([expect.objectContaining({ frameId: 'f0', status: 200 })]);
  });

  it('runs the handler once per query, at most GF_CONCURRENT_QUERY_COUNT at a time', async () => {
    let inFlight = 0;
    let most = 0;
    const seen: string[][] = [];
    h = await startInProcess({
      queryData: async (req) => {
        seen.push(req.queries.map((q) => q.refId));
        most = Math.max(most, ++inFlight);
        await new Promise((r) => setImmediate(r));
        inFlight--;
        return { responses: { [req.queries[0]!.refId]: { frames: [frame('x', 1)] } } };
      },
    });
    const ctx = wirePluginContext();
    ctx.grafanaConfig = { GF_CONCURRENT_QUERY_COUNT: '2' };
    const chunks = await chunked(
      chunkedRequest(
        ['A', 'B', 'C', 'D'].map((r) => wireQuery(r, {})),
        0,
        ctx,
      ),
    );
    expect(seen.sort()).toEqual([['A'], ['B'], ['C'], ['D']]);
    expect(most).toBe(2);
    expect(chunks).toHaveLength(4);
  });

  it('answers every query with the error when the datasource instance cannot be created', async () => {
    h = await startInProcess({
      createInstance: () => {
        throw new Error('cannot reach the upstream');
      },
      queryData: queryEach(async () => [frame('never', 1)]),
    });
    const chunks = await chunked(chunkedRequest([wireQuery('A', {}), wireQuery('B', {})]));
    expect(chunks.map((c) => c.refId).sort()).toEqual(['A', 'B']);
    for (const c of chunks) {
      expect(c).toMatchObject({ frameId: '', status: 500 });
      expect(c.error).toContain('cannot reach the upstream');
    }
  });

  it('refuses a format it does not know with UNKNOWN before running the handler', async () => {
    let ran = false;
    h = await startInProcess({ queryData: queryEach(async () => ((ran = true), [])) });
    await expect(
      chunked(chunkedRequest([wireQuery('A', {})], 7 as pb.DataFrameFormat)),
    ).rejects.toMatchObject({
      code: grpc.status.UNKNOWN,
      details: expect.stringContaining('unsupported data frame format 7'),
    });
    expect(ran).toBe(false);
  });

  it('aborts the handler when Grafana cancels and logs the request as cancelled', async () => {
    let aborted!: () => void;
    const sawAbort = new Promise<void>((resolve) => (aborted = resolve));
    let started!: () => void;
    const sawStart = new Promise<void>((resolve) => (started = resolve));
    h = await startInProcess({
      queryData: (_req, ctx) =>
        new Promise((resolve) => {
          started();
          ctx.signal.addEventListener('abort', () => (aborted(), resolve({ responses: {} })));
        }),
    });
    const c = h.client(services.data);
    const call = (c.queryChunkedData as (...a: unknown[]) => grpc.ClientReadableStream<unknown>)(
      chunkedRequest([wireQuery('A', {})]),
      new grpc.Metadata(),
      {},
    );
    call.on('error', () => {});
    await sawStart;
    call.cancel();
    await sawAbort;
    for (let i = 0; i < 50 && !h.logs.some((l) => l['@message'] === 'Plugin Request Completed'); i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(h.logs.find((l) => l['@message'] === 'Plugin Request Completed')).toMatchObject({
      status: 'cancelled',
      endpoint: 'queryChunkedData',
    });
  });
});
