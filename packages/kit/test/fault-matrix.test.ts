/**
 * The proof of the query execution kit: the packaged example datasource
 * (`examples/kit-datasource`, built on `createDatasource` with the default pipeline) is driven by
 * `startPlugin()` — exactly as Grafana drives it — against the mock upstream, once per fault. Each
 * case checks what the user sees (category, status, message, suggestion, notices from the
 * `dsforgeError` frame), what the upstream saw (calls, the socket closed early) and that the plugin
 * process survives (health OK afterwards). The fault matrix (scenario × expected × observed) is
 * printed at the end and must have no mismatch.
 *
 * Every case uses its own datasource uid, so breakers, retry budgets and token caches of one case
 * do not leak into the next. Timeouts are kept tiny with the query's `timeoutMs`.
 */
import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

import {
  findPluginBinary,
  mockUpstream,
  startPlugin,
  type MockUpstream,
  type PluginClient,
  type QueryResult,
  type RequestRecord,
} from '@dsforge/testing';

const ROOT = resolve(__dirname, '../../..');
const EXAMPLE = join(ROOT, 'examples/kit-datasource');

/** What a case should produce; unset fields are not checked. */
interface Expected {
  /** Error category, or `ok` for a successful query. */
  category: string;
  status: number;
  message?: RegExp;
  suggestion?: RegExp;
  /** The wait in the payload; `null`: the payload must not have one (the upstream named none). */
  retryAfterMs?: number | null;
  /** A notice on the first frame. */
  notice?: { severity: 'info' | 'warning' | 'error'; text: RegExp };
  rows?: number;
  /** Requests the mock saw for this case (retries included). */
  calls?: number;
  /** The upstream connection closed before its response finished. */
  closedEarly?: boolean;
}

interface Case {
  name: string;
  /** Mock path; `case=<name>` is added to its query string to find its requests in the log. */
  path?: string;
  /** Extra query JSON (paginate, timeoutMs, ...). */
  query?: Record<string, unknown>;
  /** Replaces the whole query JSON (invalid-query case). */
  rawQuery?: unknown;
  jsonData?: Record<string, unknown>;
  secrets?: Record<string, string>;
  /** Runs before the case's query (e.g. to trip the breaker), with the case's datasource settings. */
  before?: (ctx: CaseContext) => Promise<void>;
  expected: Expected;
}

interface CaseContext {
  settings: { uid: string; url: string; jsonData: Record<string, unknown> };
  secrets: Record<string, string>;
}

interface Observed {
  category: string;
  status: number;
  message?: string;
  suggestion?: string;
  retryAfterMs?: number;
  correlationId?: string;
  notices: { severity: string; text: string }[];
  rows?: number;
  calls: number;
  closedEarly: boolean;
  errorSource?: string;
  healthAfter: string;
}

interface MatrixRow {
  scenario: string;
  expected: string;
  observed: string;
  mismatches: string[];
  /** What the user reads: the error sentence, else the notices. */
  says: string;
}

const BASE_JSON_DATA = { timeout: 10, maxResponseBytes: 100_000 };
const TIMEOUT_MS = 300;

const CASES: Case[] = [
  {
    name: 'ok',
    path: '/ok',
    expected: { category: 'ok', status: 200, rows: 3, calls: 1, closedEarly: false },
  },
  {
    name: 'empty',
    path: '/empty',
    expected: {
      category: 'ok',
      status: 200,
      rows: 0,
      calls: 1,
      notice: { severity: 'info', text: /No data/ },
    },
  },
  {
    name: 'hang',
    path: '/hang',
    query: { timeoutMs: TIMEOUT_MS },
    expected: {
      category: 'timeout',
      status: 504,
      message: /took too long.*300ms/,
      suggestion: /Reduce the time range or add filters/,
      calls: 1,
      closedEarly: true,
    },
  },
  {
    name: 'slow-drip',
    path: '/drip?chunk=8&everyMs=20&total=100000',
    query: { timeoutMs: TIMEOUT_MS },
    expected: {
      category: 'timeout',
      status: 504,
      message: /took too long.*300ms/,
      suggestion: /Reduce the time range/,
      calls: 1,
      closedEarly: true,
    },
  },
  {
    name: 'reset',
    path: '/reset',
    expected: {
      category: 'upstream_unavailable',
      status: 503,
      message: /could not be reached/,
      suggestion: /Check the datasource URL/,
      calls: 3,
      closedEarly: true,
    },
  },
  {
    name: '401',
    path: '/status/401',
    expected: {
      category: 'authentication_failed',
      status: 401,
      message: /Datasource authentication failed\. Credentials might be expired\./,
      suggestion: /Contact an admin to refresh them/,
      calls: 1,
    },
  },
  {
    name: '403',
    path: '/status/403',
    expected: {
      category: 'authorization_failed',
      status: 403,
      message: /not allowed/,
      suggestion: /grant/,
      calls: 1,
    },
  },
  {
    name: '404',
    path: '/status/404',
    expected: {
      category: 'not_found',
      status: 404,
      message: /no such resource/,
      suggestion: /Check the names/,
      calls: 1,
    },
  },
  {
    name: '429',
    path: '/status/429?retryAfter=30',
    expected: {
      category: 'rate_limited',
      status: 429,
      message: /rate limiting/,
      suggestion: /Try again in 30 s/,
      retryAfterMs: 30_000,
      calls: 1,
    },
  },
  {
    name: '500',
    path: '/status/500',
    expected: {
      category: 'server_error',
      status: 500,
      message: /internal error/,
      suggestion: /Try again later/,
      calls: 3,
    },
  },
  // 502 and 504 come without Retry-After: the payload has no retryAfterMs (unknown is not "now").
  // The 503 says Retry-After: 0, which is kept as 0.
  ...[502, 503, 504].map((code): Case => ({
    name: String(code),
    path: code === 503 ? `/status/${code}?retryAfter=0` : `/status/${code}`,
    expected: {
      category: 'upstream_unavailable',
      status: 503,
      message: /could not be reached|unavailable/,
      suggestion: /try again/i,
      retryAfterMs: code === 503 ? 0 : null,
      calls: 3,
    },
  })),
  {
    name: 'malformed',
    path: '/malformed',
    expected: {
      category: 'bad_response',
      status: 502,
      message: /invalid JSON from http:\/\/127\.0\.0\.1:\d+\/malformed: a body starting/,
      suggestion: /right API/,
      calls: 1,
    },
  },
  {
    name: 'truncated',
    path: '/truncated',
    expected: {
      category: 'bad_response',
      status: 502,
      message: /invalid JSON/,
      suggestion: /right API/,
      calls: 1,
    },
  },
  {
    name: 'huge',
    path: '/huge/5000000',
    expected: {
      category: 'bad_response',
      status: 502,
      message: /limit|too large/i,
      suggestion: /narrow|limit/i,
      calls: 1,
      closedEarly: true,
    },
  },
  {
    name: 'flaky',
    path: '/flaky/2',
    expected: { category: 'ok', status: 200, rows: 3, calls: 3 },
  },
  {
    name: 'breaker-open',
    path: '/ok',
    before: async ({ settings }) => {
      // 20 failing queries (≥ 20 calls, 100 % failures in the 10 s window) open the breaker.
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          plugin.query([{ refId: 'W', json: { path: `/status/500?case=breaker-warmup&i=${i}` } }], {
            settings,
          }),
        ),
      );
    },
    expected: {
      category: 'circuit_open',
      status: 503,
      message: /temporarily unavailable.*retrying in \d+ ?s/i,
      suggestion: /wait/i,
      calls: 0,
    },
  },
  {
    name: 'pages-partial',
    path: '/pages/next-token?failAt=2&failWith=500',
    query: { paginate: 'next-token' },
    expected: {
      category: 'ok',
      status: 200,
      rows: 2,
      // Page 2 keeps failing with a retryable 500: only page 2 is retried (retryCall, 3 attempts),
      // page 1 is read once and kept; the query as a whole is not repeated. 1 + 3 calls.
      calls: 4,
      notice: { severity: 'warning', text: /Partial result — complete data unavailable: / },
    },
  },
  ...(['next-token', 'cursor', 'link', 'offset', 'page-number'] as const).map((kind): Case => ({
    name: `pages-${kind}`,
    path: `/pages/${kind}`,
    query: { paginate: kind, pageSize: 2 },
    expected: { category: 'ok', status: 200, rows: 6, calls: 3 },
  })),
  {
    name: 'pages-limit',
    path: '/pages/cursor',
    query: { paginate: 'cursor', maxPages: 2 },
    expected: { category: 'ok', status: 200, rows: 4, calls: 2, notice: { severity: 'warning', text: /2/ } },
  },
  {
    name: 'invalid-query',
    rawQuery: { nopath: true },
    // Rejected by the example's parseQuery: the kit's wire frame, suggestion and correlation id.
    expected: {
      category: 'invalid_query',
      status: 400,
      message: /"path"/,
      suggestion: /Fix the query/,
      calls: 0,
    },
  },
  {
    name: 'auth-api-key',
    path: '/protected',
    jsonData: { authType: 'apiKey' },
    secrets: { apiKey: 'mock-api-key' },
    expected: { category: 'ok', status: 200, calls: 1 },
  },
  {
    name: 'auth-wrong-key',
    path: '/protected',
    jsonData: { authType: 'apiKey' },
    secrets: { apiKey: 'not-the-key' },
    expected: { category: 'authentication_failed', status: 401, message: /authentication failed/, calls: 1 },
  },
  {
    name: 'auth-oauth2',
    path: '/protected',
    jsonData: { authType: 'oauth2ClientCredentials', oauth2ClientId: 'mock-client' },
    secrets: { oauth2ClientSecret: 'mock-secret' },
    before: () => {
      upstream.auth.resetCounters();
      return Promise.resolve();
    },
    expected: { category: 'ok', status: 200, calls: 1 },
  },
];

let upstream: MockUpstream;
let plugin: PluginClient;
const matrix: MatrixRow[] = [];

beforeAll(async () => {
  await promisify(execFile)(
    process.execPath,
    [join(ROOT, 'tools/codegen/bin/dsforge.cjs'), 'build', EXAMPLE, '--targets', 'linux_amd64'],
    { cwd: ROOT, timeout: 180_000 },
  );
  upstream = await mockUpstream();
  CASES.find((c) => c.name === 'auth-oauth2')!.jsonData!.oauth2TokenUrl = `${upstream.url}/oauth/token`;
  plugin = await startPlugin(findPluginBinary(EXAMPLE), {
    settings: { uid: 'ds-matrix', url: upstream.url, jsonData: BASE_JSON_DATA },
  });
}, 240_000);

afterAll(async () => {
  await plugin?.shutdown();
  await upstream?.close();
  const lines = matrix.map((r) =>
    [
      r.scenario.padEnd(18),
      r.expected.padEnd(44),
      r.observed.padEnd(44),
      r.mismatches.length ? 'MISMATCH ' + r.mismatches.join('; ') : 'ok',
    ].join(' | '),
  );
  // eslint-disable-next-line no-console -- the fault matrix is this suite's report
  console.log(
    [
      'fault matrix (scenario | expected | observed | result)',
      ...lines,
      '',
      'what the user reads (DataResponse.error, or the notices):',
      ...matrix.map((r) => `${r.scenario.padEnd(18)} ${r.says || '(data)'}`),
    ].join('\n'),
  );
});

function withCase(path: string, name: string): string {
  const u = new URL(path, 'http://x');
  u.searchParams.set('case', name);
  return u.pathname + u.search;
}

function observe(res: QueryResult, records: RequestRecord[], healthAfter: string): Observed {
  const frame = res.frames[0];
  const err = frame?.meta?.custom?.dsforgeError as
    | { category: string; message: string; suggestion: string; retryAfterMs?: number; correlationId?: string }
    | undefined;
  const notices = (frame?.meta?.notices ?? []).map((n) => ({ severity: n.severity, text: n.text }));
  return {
    category: err?.category ?? (res.error ? 'untyped-error' : 'ok'),
    status: res.status,
    ...(err ? { message: err.message, suggestion: err.suggestion } : {}),
    ...(err?.retryAfterMs !== undefined ? { retryAfterMs: err.retryAfterMs } : {}),
    ...(err?.correlationId !== undefined ? { correlationId: err.correlationId } : {}),
    ...(err ? {} : { rows: frame?.rowCount ?? 0 }),
    ...(res.errorSource ? { errorSource: res.errorSource } : {}),
    notices,
    calls: records.length,
    closedEarly: records.some((r) => r.closedEarly),
    healthAfter,
  };
}

function compare(e: Expected, o: Observed, responseError: string | undefined): string[] {
  const bad: string[] = [];
  const check = (what: string, ok: boolean, seen: unknown) => {
    if (!ok) bad.push(`${what}: got ${JSON.stringify(seen)}`);
  };
  check('category', o.category === e.category, o.category);
  check('status', o.status === e.status, o.status);
  if (e.message) check('message', e.message.test(o.message ?? ''), o.message);
  // The wire error is the user sentence.
  if (e.message) check('DataResponse.error', e.message.test(responseError ?? ''), responseError);
  if (e.suggestion) check('suggestion', e.suggestion.test(o.suggestion ?? ''), o.suggestion);
  if (e.retryAfterMs === null) check('no retryAfterMs', o.retryAfterMs === undefined, o.retryAfterMs);
  else if (e.retryAfterMs !== undefined)
    check('retryAfterMs', o.retryAfterMs === e.retryAfterMs, o.retryAfterMs);
  if (e.rows !== undefined) check('rows', o.rows === e.rows, o.rows);
  if (e.calls !== undefined) check('upstream calls', o.calls === e.calls, o.calls);
  if (e.closedEarly !== undefined) check('closedEarly', o.closedEarly === e.closedEarly, o.closedEarly);
  if (e.notice) {
    const n = e.notice;
    check(
      `${n.severity} notice`,
      o.notices.some((x) => x.severity === n.severity && n.text.test(x.text)),
      o.notices,
    );
  }
  if (e.category !== 'ok') {
    check('correlation id', /^[0-9a-f]{8}$/.test(o.correlationId ?? ''), o.correlationId);
    check(
      'error notice',
      o.notices.some((x) => x.severity === 'error'),
      o.notices,
    );
  }
  check(
    'notice severities',
    o.notices.every((x) => ['info', 'warning', 'error'].includes(x.severity)),
    o.notices,
  );
  check('health after', o.healthAfter === 'OK', o.healthAfter);
  return bad;
}

const describeExpected = (e: Expected) =>
  [
    e.category,
    e.status,
    e.rows !== undefined ? `rows=${e.rows}` : '',
    e.calls !== undefined ? `calls=${e.calls}` : '',
    e.closedEarly ? 'closed' : '',
    e.retryAfterMs === null
      ? 'no-retryAfter'
      : e.retryAfterMs !== undefined
        ? `retryAfter=${e.retryAfterMs}`
        : '',
    e.notice ? `${e.notice.severity}-notice` : '',
  ]
    .filter(Boolean)
    .join(' ');

const describeObserved = (o: Observed) =>
  [
    o.category,
    o.status,
    o.rows !== undefined ? `rows=${o.rows}` : '',
    `calls=${o.calls}`,
    o.closedEarly ? 'closed' : '',
    o.retryAfterMs !== undefined
      ? `retryAfter=${o.retryAfterMs}`
      : o.category === 'ok'
        ? ''
        : 'no-retryAfter',
    ...o.notices.filter((n) => n.severity !== 'error').map((n) => `${n.severity}-notice`),
    o.healthAfter === 'OK' ? '' : `health=${o.healthAfter}`,
  ]
    .filter(Boolean)
    .join(' ');

/** CheckHealth on another datasource, so an open breaker of the case's one does not matter. */
const healthCall = () => ({
  settings: { uid: 'ds-health', url: upstream.url, jsonData: { ...BASE_JSON_DATA, healthPath: '/ok' } },
});

/** Adds a row to the matrix and fails the test on a mismatch. */
function record(name: string, expected: Expected, observed: Observed, res: QueryResult): void {
  const mismatches = compare(expected, observed, res.error);
  matrix.push({
    scenario: name,
    expected: describeExpected(expected),
    observed: describeObserved(observed),
    mismatches,
    says: res.error ?? observed.notices.map((n) => `[${n.severity}] ${n.text}`).join(' '),
  });
  expect(mismatches).toEqual([]);
  if (expected.category !== 'ok') expect(observed.errorSource).toMatch(/plugin|downstream/);
}

describe('fault matrix: the packaged kit example against the mock upstream', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (name, c) => {
    const jsonData = { ...BASE_JSON_DATA, ...c.jsonData };
    const ctx: CaseContext = {
      settings: { uid: `ds-${name}`, url: upstream.url, jsonData },
      secrets: c.secrets ?? {},
    };
    await c.before?.(ctx);
    await upstream.settled();
    const json = c.rawQuery ?? { path: withCase(c.path ?? '/ok', name), ...c.query };
    const res = (await plugin.query([{ refId: 'A', json }], { settings: ctx.settings, secrets: ctx.secrets }))
      .A!;
    await upstream.settled();
    const records = upstream.requests.filter((r) => r.query.case === name);
    const observed = observe(res, records, (await plugin.health(healthCall())).status);
    record(name, c.expected, observed, res);
  });

  it("turns Grafana's own deadline into our timeout (deadline − 250 ms) and closes the socket", async () => {
    const name = 'grafana-deadline';
    const settings = { uid: `ds-${name}`, url: upstream.url, jsonData: BASE_JSON_DATA };
    const res = (
      await plugin.query([{ refId: 'A', json: { path: withCase('/hang', name) } }], {
        settings,
        deadlineMs: 800,
      })
    ).A!;
    await upstream.settled();
    const records = upstream.requests.filter((r) => r.query.case === name);
    const observed = observe(res, records, (await plugin.health(healthCall())).status);
    const expected: Expected = {
      category: 'timeout',
      status: 504,
      message: /took too long \(>\d+ms, the time Grafana allows for this request\)/,
      calls: 1,
      closedEarly: true,
    };
    record(name, expected, observed, res);
  });

  it('closes the upstream socket when Grafana cancels the query', async () => {
    const name = 'grafana-cancel';
    const settings = { uid: `ds-${name}`, url: upstream.url, jsonData: BASE_JSON_DATA };
    const ac = new AbortController();
    const pending = plugin
      .query([{ refId: 'A', json: { path: withCase('/hang', name) } }], { settings, signal: ac.signal })
      .then(
        () => 'answered',
        (e: { codeName?: string }) => e.codeName ?? 'error',
      );
    await upstream.waitForRequests(upstream.requests.length + 1);
    ac.abort();
    const outcome = await pending;
    await upstream.settled();
    const records = upstream.requests.filter((r) => r.query.case === name);
    const health = (await plugin.health(healthCall())).status;
    const observedText = `${outcome} calls=${records.length}${records.some((r) => r.closedEarly) ? ' closed' : ''}`;
    const mismatches = [
      ...(outcome === 'CANCELLED' ? [] : [`outcome: got ${outcome}`]),
      ...(records.length === 1 && records[0]!.closedEarly ? [] : ['upstream socket not closed early']),
      ...(health === 'OK' ? [] : [`health after: got ${health}`]),
    ];
    matrix.push({
      scenario: name,
      expected: 'CANCELLED calls=1 closed',
      observed: observedText,
      mismatches,
      says: '(cancelled: nobody reads it)',
    });
    expect(mismatches).toEqual([]);
  });

  it('issues exactly one token for the OAuth2 case', () => {
    expect(upstream.auth.tokenRequests).toBe(1);
  });

  it('leaves no mismatch in the printed matrix', () => {
    expect(matrix).toHaveLength(CASES.length + 2); // + Grafana deadline and cancel
    expect(matrix.filter((r) => r.mismatches.length > 0)).toEqual([]);
  });

  it('keeps the plugin process alive and healthy after every fault', async () => {
    const stillRunning = await Promise.race([plugin.exited.then(() => false), Promise.resolve(true)]);
    expect(stillRunning).toBe(true);
    expect(plugin.protocolViolations).toEqual([]);
    const h = await plugin.health({
      settings: { uid: 'ds-health', url: upstream.url, jsonData: { healthPath: '/ok' } },
    });
    expect(h).toMatchObject({ status: 'OK', message: 'Upstream reachable' });
  });
});

describe('auth through the packaged plugin against the mock', () => {
  it('50 concurrent queries cause exactly 1 OAuth2 token request', async () => {
    upstream.auth.resetCounters();
    const settings = {
      uid: 'ds-oauth-50',
      url: upstream.url,
      jsonData: {
        ...BASE_JSON_DATA,
        authType: 'oauth2ClientCredentials',
        oauth2ClientId: 'mock-client',
        oauth2TokenUrl: `${upstream.url}/oauth/token`,
      },
    };
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        plugin.query([{ refId: 'A', json: { path: `/protected?case=oauth-50&i=${i}` } }], {
          settings,
          secrets: { oauth2ClientSecret: 'mock-secret' },
        }),
      ),
    );
    expect(results.map((r) => r.A?.status)).toEqual(Array(50).fill(200));
    expect(upstream.auth.tokenRequests).toBe(1);
  });

  it('logs in again exactly once when the login token stops working', async () => {
    upstream.auth.resetCounters();
    const call = {
      settings: {
        uid: 'ds-login',
        url: upstream.url,
        jsonData: { ...BASE_JSON_DATA, authType: 'login', loginUsername: 'mock-user' },
      },
      secrets: { password: 'mock-password' },
    };
    const q = () => plugin.query([{ refId: 'A', json: { path: '/protected?case=login' } }], call);
    expect((await q()).A?.status).toBe(200);
    expect(upstream.auth.loginRequests).toBe(1);
    upstream.auth.invalidateTokens();
    expect((await q()).A?.status).toBe(200);
    expect(upstream.auth.loginRequests).toBe(2);
  });
});
