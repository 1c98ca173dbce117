/**
 * createDatasource end to end on the real upstream client (undici, auth from settings, error
 * tagging) against @dsforge/testing's mock upstream. Real time, so every limit here is tiny.
 */
import { Frame, type DataQuery, type RequestContext } from '@dsforge/backend';
import { mockUpstream, type MockUpstream } from '@dsforge/testing';

import { createDatasource, type CreateDatasourceOptions, type DatasourceInstance } from './pipeline';
import { dataQuery, pluginContext, recordingLogger, settings } from './query-test-helpers';

interface Q {
  path: string;
  timeoutMs?: number;
}

const CANARY = 'canary-bearer-9f8e7d';

let upstream: MockUpstream;
beforeAll(async () => {
  upstream = await mockUpstream();
});
afterAll(() => upstream.close());
beforeEach(() => upstream.reset());

async function run(
  queries: DataQuery<Q>[],
  opts: Partial<CreateDatasourceOptions<Q>> = {},
  jsonData: Record<string, unknown> = {},
  secrets: Record<string, string> = { bearerToken: CANARY },
) {
  const serveOpts = createDatasource<Q>({
    defaults: { retry: { baseMs: 5, capMs: 10 } },
    async query(q, ctx) {
      const res = await ctx.fetch({ url: q.query.path, signal: ctx.signal });
      const rows = res.json<unknown[]>();
      return {
        frames: [
          new Frame({
            name: 'rows',
            fields: [{ name: 'n', type: 'float64', values: rows.map((_, i) => i) }],
          }),
        ],
      };
    },
    ...opts,
  });
  const ds = settings({ authType: 'bearer', ...jsonData }, secrets, upstream.url);
  const logger = recordingLogger();
  const instance = (await serveOpts.createInstance!(ds, { logger })) as DatasourceInstance<undefined>;
  const rctx: RequestContext<DatasourceInstance<undefined>> = {
    plugin: pluginContext(ds),
    instance,
    signal: new AbortController().signal,
    remainingMs: () => Number.POSITIVE_INFINITY,
    logger,
    headers: {},
  };
  try {
    const res = await serveOpts.queryData!({ queries, headers: {}, plugin: rctx.plugin }, rctx);
    return { res, logger };
  } finally {
    await instance.dispose();
  }
}

const q = (path: string, extra: Partial<Q> = {}, refId = 'A') => dataQuery<Q>({ path, ...extra }, refId);

describe('createDatasource against a mock upstream', () => {
  it('authenticates from the settings and returns the rows', async () => {
    const { res } = await run([q('/ok')]);
    expect(res.responses.A!.frames![0]!.rowCount).toBe(3);
    expect(upstream.requests[0]!.headers.authorization).toBe(`Bearer ${CANARY}`);
    expect(upstream.requests[0]!.headers['user-agent']).toMatch(/^dsforge\//);
  });

  it('closes the upstream socket at the deadline and says which limit was hit', async () => {
    const { res, logger } = await run([q('/hang', { timeoutMs: 50 })]);
    const a = res.responses.A!;
    expect(a.error).toBe(
      'Query took too long (>50ms, the configured limit). Reduce the time range or add filters.',
    );
    expect(a.status).toBe(504);
    await upstream.settled();
    expect(upstream.requests).toHaveLength(1);
    expect(upstream.requests[0]!.closedEarly).toBe(true);
    expect(JSON.stringify(logger.entries)).not.toContain(CANARY);
  });

  it('reports a 401 as an authentication failure without the token anywhere', async () => {
    const { res, logger } = await run([q('/status/401')]);
    const a = res.responses.A!;
    expect(a.error).toBe(
      'Datasource authentication failed. Credentials might be expired. Contact an admin to refresh them.',
    );
    expect(a.status).toBe(401);
    expect(a.errorSource).toBe('downstream');
    expect(JSON.stringify(a)).not.toContain(CANARY);
    expect(JSON.stringify(logger.entries)).not.toContain(CANARY);
  });

  it('reports a 429 with the wait the upstream asked for', async () => {
    const { res } = await run([q('/status/429?retryAfter=7')], { defaults: { retry: false } });
    const payload = res.responses.A!.frames![0]!.meta?.custom?.dsforgeError as {
      category: string;
      retryAfterMs: number;
    };
    expect(payload.category).toBe('rate_limited');
    expect(payload.retryAfterMs).toBe(7000);
    expect(res.responses.A!.error).toBe('The upstream is rate limiting requests. Try again in 7 s.');
  });

  it.each([502, 504, 500])(
    'leaves retryAfterMs unset for an HTTP %i without Retry-After (unknown is not "now")',
    async (code) => {
      const { res } = await run([q(`/status/${code}`)], { defaults: { retry: false } });
      const payload = res.responses.A!.frames![0]!.meta?.custom?.dsforgeError as Record<string, unknown>;
      expect(payload.category).toMatch(/upstream_unavailable|server_error/);
      expect(payload).not.toHaveProperty('retryAfterMs');
      expect(upstream.requests[0]!.status).toBe(code);
    },
  );

  it('reports retryAfterMs 0 when the upstream really said Retry-After: 0', async () => {
    const { res } = await run([q('/status/503?retryAfter=0')], { defaults: { retry: false } });
    const payload = res.responses.A!.frames![0]!.meta?.custom?.dsforgeError as Record<string, unknown>;
    expect(payload.retryAfterMs).toBe(0);
  });

  it('retries a flaky upstream and answers with its data', async () => {
    const { res } = await run([q('/flaky/2')]);
    expect(res.responses.A!.error).toBeUndefined();
    expect(res.responses.A!.frames![0]!.rowCount).toBe(3);
    expect(upstream.requests.map((r) => r.status)).toEqual([503, 503, 200]);
  });

  it('reports a malformed body as a bad response', async () => {
    const { res } = await run([q('/malformed')]);
    expect((res.responses.A!.frames![0]!.meta?.custom?.dsforgeError as { category: string }).category).toBe(
      'bad_response',
    );
  });

  it('says "No data" for an empty answer', async () => {
    const { res } = await run([q('/empty')]);
    expect(res.responses.A!.frames![0]!.meta?.notices).toEqual([
      { severity: 'info', text: 'No data: the query returned no rows' },
    ]);
  });

  it('answers a datasource saved without its API key with authentication_failed naming the setting', async () => {
    const { res } = await run([q('/ok'), q('/ok', {}, 'B')], {}, { authType: 'apiKey' }, {});
    for (const refId of ['A', 'B']) {
      const r = res.responses[refId]!;
      expect(r.status).toBe(401);
      expect(r.error).toMatch(/^The API key is not configured: secureJsonData\.apiKey is empty\./);
      const wire = r.frames![0]!.meta?.custom?.dsforgeError as { category: string; suggestion: string };
      expect(wire.category).toBe('authentication_failed');
      expect(wire.suggestion).toMatch(/authentication settings/);
    }
    // Nothing went upstream without its credentials.
    expect(upstream.requests).toEqual([]);
  });

  it('names an unknown authType the same way instead of failing the instance', async () => {
    const { res } = await run([q('/ok')], {}, { authType: 'kerberos' }, {});
    expect(res.responses.A!.error).toMatch(
      /jsonData\.authType "kerberos" is not a known authentication type/,
    );
    expect(upstream.requests).toEqual([]);
  });
});
