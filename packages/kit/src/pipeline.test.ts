import { CancelledError, Frame, type DataQuery, type RequestContext } from '@dsforge/backend';

import { createFakeClock } from './clock';
import { dsError, errorFromHttpStatus } from './errors';
import { createDatasource, type CreateDatasourceOptions, type DatasourceInstance } from './pipeline';
import { middlewareNames } from './query-middleware';
import { dataQuery, pluginContext, recordingLogger, settings, untilAborted } from './query-test-helpers';
import { queryMiddleware, type Fetch, type UpstreamRequest } from './types';

const rows = (n: number, name = 'f') =>
  new Frame({
    name,
    fields: [{ name: 'v', type: 'float64', values: Array.from({ length: n }, (_, i) => i) }],
  });

async function setup<Q>(
  opts: CreateDatasourceOptions<Q, { n: number }> & {
    jsonData?: Record<string, unknown>;
    secrets?: Record<string, string>;
  },
) {
  const clock = createFakeClock();
  const requests: UpstreamRequest[] = [];
  let closed = 0;
  const upstreamFetch: Fetch = async (req) => {
    requests.push(req);
    return {
      status: 200,
      headers: {},
      body: new Uint8Array(),
      url: req.url,
      text: () => '',
      json: <T>() => ({}) as T,
    };
  };
  const upstreamNames: string[][] = [];
  const serveOpts = createDatasource<Q, { n: number }>({
    clock,
    createInstance: () => ({ n: 7 }),
    upstream: {
      create: (_s, mws) => {
        upstreamNames.push(middlewareNames(mws));
        return Object.assign(upstreamFetch, { close: async () => void closed++ });
      },
    },
    ...opts,
  });
  const ds = settings(opts.jsonData ?? {}, opts.secrets ?? {});
  const logger = recordingLogger();
  const instance = (await serveOpts.createInstance!(ds, { logger })) as DatasourceInstance<{ n: number }>;
  const ac = new AbortController();
  const rctx: RequestContext<DatasourceInstance<{ n: number }>> = {
    plugin: pluginContext(ds, { login: 'alice', name: 'Alice', email: '', role: 'Viewer' }),
    instance,
    signal: ac.signal,
    remainingMs: () => Number.POSITIVE_INFINITY,
    logger,
    headers: { http_Authorization: 'Bearer user-token' },
  };
  const query = (queries: DataQuery<Q>[]) =>
    serveOpts.queryData!({ queries, headers: rctx.headers, plugin: rctx.plugin }, rctx);
  return {
    serveOpts,
    clock,
    requests,
    instance,
    rctx,
    logger,
    query,
    ac,
    upstreamNames,
    closed: () => closed,
  };
}

describe('createDatasource', () => {
  it('answers each query with its frames and puts notices on the first frame', async () => {
    const t = await setup({
      query: async (q) => ({
        frames: [rows(3, q.refId), rows(1)],
        notices: [{ severity: 'info', text: 'cached 5 s ago' }],
      }),
    });
    const res = await t.query([dataQuery({}, 'A')]);
    const frames = res.responses.A!.frames!;
    expect(frames.map((f) => f.name)).toEqual(['A', 'f']);
    expect(frames[0]!.meta?.notices).toEqual([{ severity: 'info', text: 'cached 5 s ago' }]);
    expect(res.responses.A!.error).toBeUndefined();
  });

  it('gives an empty result the "No data" notice on a frame made for it', async () => {
    const t = await setup({ query: async () => ({ frames: [] }) });
    const res = await t.query([dataQuery()]);
    expect(res.responses.A!.frames).toHaveLength(1);
    expect(res.responses.A!.frames![0]!.meta?.notices).toEqual([
      { severity: 'info', text: 'No data: the query returned no rows' },
    ]);
  });

  it('turns a crash into an internal error response with the correlation id, and other queries still answer', async () => {
    const t = await setup({
      query: async (q) => {
        if (q.refId === 'B') throw new Error('boom with canary-secret');
        return { frames: [rows(1)] };
      },
    });
    const res = await t.query([dataQuery({}, 'A'), dataQuery({}, 'B')]);
    expect(res.responses.A!.frames![0]!.rowCount).toBe(1);
    const b = res.responses.B!;
    expect(b.status).toBe(500);
    expect(b.errorSource).toBe('plugin');
    const payload = b.frames![0]!.meta?.custom?.dsforgeError as { correlationId: string; category: string };
    expect(payload.category).toBe('internal');
    expect(payload.correlationId).toMatch(/^[0-9a-f]{8}$/);
    expect(b.error).toContain(`correlation id ${payload.correlationId}`);
    expect(JSON.stringify(b)).not.toContain('canary-secret');
    const logged = t.logger.entries.filter((e) => e.msg === 'query failed');
    expect(logged).toHaveLength(1);
    expect(logged[0]!.fields).toMatchObject({ refId: 'B', correlationId: payload.correlationId });
  });

  it('answers a query that fails parseQuery with invalid_query, the wire frame and a correlation id, without running it', async () => {
    let ran = 0;
    const t = await setup<{ metric: string }>({
      parseQuery(json) {
        const metric = (json as { metric?: unknown }).metric;
        if (typeof metric !== 'string') throw new Error('"metric" must be a metric name, e.g. "cpu"');
        return { metric };
      },
      query: async (q) => {
        ran++;
        return { frames: [rows(1, q.query.metric)] };
      },
    });
    const res = await t.query([dataQuery({ metric: 'cpu' }, 'A'), dataQuery({ metric: 42 }, 'B')]);
    expect(res.responses.A!.frames![0]!.name).toBe('cpu');
    expect(ran).toBe(1);
    const b = res.responses.B!;
    expect(b.status).toBe(400);
    expect(b.errorSource).toBe('plugin');
    expect(b.error).toBe(
      'The query is not valid: "metric" must be a metric name, e.g. "cpu". Fix the query in the query editor, then run it again.',
    );
    const payload = b.frames![0]!.meta?.custom?.dsforgeError as Record<string, unknown>;
    expect(payload).toMatchObject({ v: 1, category: 'invalid_query', retryable: false });
    expect(payload.correlationId).toMatch(/^[0-9a-f]{8}$/);
    expect(b.frames![0]!.meta?.notices).toEqual([{ severity: 'error', text: b.error }]);
    const logged = t.logger.entries.filter((e) => e.msg === 'query failed');
    expect(logged).toHaveLength(1);
    expect(logged[0]!.fields).toMatchObject({
      refId: 'B',
      category: 'invalid_query',
      correlationId: payload.correlationId,
    });
  });

  it('keeps a DsError thrown by parseQuery as it is and names schema issues by field', async () => {
    const t = await setup<{ metric: string }>({
      parseQuery(json) {
        if ((json as { kind?: string }).kind === 'ds') {
          throw dsError('invalid_query', {
            message: 'Pick a metric.',
            suggestion: 'Open the metric picker.',
          });
        }
        throw Object.assign(new Error('validation failed'), {
          issues: [
            { path: ['range', 'step'], message: 'Expected number, received string' },
            { path: ['metric'], message: 'Required' },
          ],
        });
      },
      query: async () => ({ frames: [rows(1)] }),
    });
    const res = await t.query([dataQuery({ kind: 'ds' }, 'A'), dataQuery({ kind: 'zod' }, 'B')]);
    expect(res.responses.A!.error).toBe('Pick a metric. Open the metric picker.');
    expect(res.responses.B!.error).toBe(
      'The query is not valid: "range.step": Expected number, received string; "metric": Required. ' +
        'Fix the query in the query editor, then run it again.',
    );
  });

  it('gives every query its own correlation id, context, user and instance state', async () => {
    const seen: { id: string; login?: string; n: number }[] = [];
    const t = await setup({
      query: async (_q, ctx) => {
        seen.push({ id: ctx.correlationId, login: ctx.user?.login, n: ctx.instance.n });
        return { frames: [rows(1)] };
      },
    });
    await t.query([dataQuery({}, 'A'), dataQuery({}, 'B')]);
    expect(seen).toHaveLength(2);
    expect(seen[0]!.id).not.toBe(seen[1]!.id);
    expect(seen.every((s) => s.login === 'alice' && s.n === 7)).toBe(true);
  });

  it("passes the query's signal and context to the upstream with ctx.fetch", async () => {
    let querySignal: AbortSignal | undefined;
    const t = await setup({
      query: async (_q, ctx) => {
        querySignal = ctx.signal;
        await ctx.fetch({ url: '/api/x', signal: ctx.signal });
        return { frames: [rows(1)] };
      },
    });
    await t.query([dataQuery()]);
    expect(t.requests).toHaveLength(1);
    expect(t.requests[0]!.signal).toBe(querySignal);
    expect(t.requests[0]!.context?.user?.login).toBe('alice');
    expect(t.requests[0]!.context?.headers.http_Authorization).toBe('Bearer user-token');
  });

  it('fails a hanging query at the configured limit with the timeout message', async () => {
    const t = await setup({ jsonData: { timeout: 5 }, query: (_q, ctx) => untilAborted(ctx.signal) });
    const p = t.query([dataQuery()]);
    await t.clock.advance(5000);
    const res = (await p).responses.A!;
    expect(res.error).toBe(
      'Query took too long (>5s, the configured limit). Reduce the time range or add filters.',
    );
    expect(res.status).toBe(504);
    expect(res.errorSource).toBe('downstream');
  });

  it('reports an upstream 401 as an actionable authentication error', async () => {
    const t = await setup({
      query: async () => {
        throw errorFromHttpStatus(401, { url: 'http://upstream.test/api?key=canary' });
      },
    });
    const res = (await t.query([dataQuery()])).responses.A!;
    expect(res.error).toBe(
      'Datasource authentication failed. Credentials might be expired. Contact an admin to refresh them.',
    );
    expect(res.status).toBe(401);
    expect(JSON.stringify(res.frames![0]!.meta)).not.toContain('canary');
  });

  it('reports a cancellation by Grafana as cancelled, not as a timeout', async () => {
    const t = await setup({ query: (_q, ctx) => untilAborted(ctx.signal) });
    const p = t.query([dataQuery()]);
    t.ac.abort(new CancelledError());
    const res = (await p).responses.A!;
    expect((res.frames![0]!.meta?.custom?.dsforgeError as { category: string }).category).toBe('cancelled');
  });

  it('lets configure edit the defaults and rejects a duplicate at build time', () => {
    const names: string[][] = [];
    createDatasource({
      query: async () => ({ frames: [] }),
      configure: (d) => {
        names.push(middlewareNames(d));
        return d.filter((m) => m.middlewareName !== 'retry');
      },
    });
    expect(names[0]).toEqual([
      'categorizeErrors',
      'partialResults',
      'timeout',
      'retryStorm',
      'concurrencyLimit',
      'circuitBreaker',
      'retry',
    ]);
    expect(() =>
      createDatasource({ query: async () => ({ frames: [] }), configure: (d) => [...d, d[2]!] }),
    ).toThrow('query middleware "timeout" appears twice (#3 and #8)');
  });

  it('runs only the given middlewares when the list is replaced', async () => {
    const log: string[] = [];
    const t = await setup({
      middlewares: [
        queryMiddleware('mine', (next) => async (q, c) => {
          log.push('mine');
          return next(q, c);
        }),
      ],
      query: async () => {
        throw dsError('not_found');
      },
    });
    const res = (await t.query([dataQuery()])).responses.A!;
    expect(log).toEqual(['mine']);
    expect(res.status).toBe(404);
  });

  it('builds the upstream per instance with the default middlewares and closes it on dispose', async () => {
    const t = await setup({ query: async () => ({ frames: [] }) });
    expect(t.upstreamNames[0]).toEqual(['userAgent', 'responseLimit', 'tagErrors']);
    await t.serveOpts.disposeInstance!(t.instance);
    expect(t.closed()).toBe(1);
  });
});

describe('createDatasource checkHealth', () => {
  it('reports the datasource check as Grafana shows it', async () => {
    const t = await setup({
      query: async () => ({ frames: [] }),
      checkHealth: async () => 'Connected to upstream',
    });
    const res = await t.serveOpts.checkHealth!({ plugin: t.rctx.plugin, headers: {} }, t.rctx);
    expect(res).toEqual({ status: 'ok', message: 'Connected to upstream' });
  });

  it('turns a throw into an actionable ERROR without secrets', async () => {
    const t = await setup({
      secrets: { apiKey: 'canary-key' },
      query: async () => ({ frames: [] }),
      checkHealth: async () => {
        throw Object.assign(new Error('401 with key canary-key'), { status: 401 });
      },
    });
    const res = await t.serveOpts.checkHealth!({ plugin: t.rctx.plugin, headers: {} }, t.rctx);
    expect(res.status).toBe('error');
    expect(res.message).toBe(
      'Datasource authentication failed. Credentials might be expired. Contact an admin to refresh them.',
    );
    expect(JSON.stringify(res)).not.toContain('canary-key');
  });

  it('fails a hanging check after its short deadline', async () => {
    const t = await setup({
      query: async () => ({ frames: [] }),
      healthTimeoutMs: 3000,
      checkHealth: (ctx) => untilAborted(ctx.signal),
    });
    const p = t.serveOpts.checkHealth!({ plugin: t.rctx.plugin, headers: {} }, t.rctx);
    await t.clock.advance(3000);
    const res = await p;
    expect(res.status).toBe('error');
    expect(res.message).toBe(
      'The health check took too long (>3s). Check the datasource URL and that the upstream is reachable from Grafana.',
    );
  });

  it('says when the circuit breaker is open and the queries fail fast', async () => {
    const t = await setup({
      defaults: { circuitBreaker: { minimumCalls: 2, windowMs: 10_000 }, retry: false },
      query: async () => {
        throw dsError('upstream_unavailable');
      },
      checkHealth: async () => ({ status: 'ok', message: 'Upstream answered.' }),
    });
    await t.query([dataQuery({}, 'A'), dataQuery({}, 'B')]);
    const third = (await t.query([dataQuery({}, 'C')])).responses.C!;
    expect(third.error).toMatch(/^Datasource temporarily unavailable, retrying in 5 s\./);
    const res = await t.serveOpts.checkHealth!({ plugin: t.rctx.plugin, headers: {} }, t.rctx);
    expect(res.status).toBe('ok');
    expect(res.message).toBe(
      'Upstream answered. Queries currently fail fast: the circuit breaker is open (next try in 5 s) after too many upstream failures.',
    );
    expect(res.details?.circuitBreakers).toEqual([
      expect.objectContaining({ key: 'ds-uid@upstream.test', state: 'open' }),
    ]);
  });
});
