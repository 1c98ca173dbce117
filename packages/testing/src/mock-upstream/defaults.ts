/**
 * The default route table every mock upstream serves (see the README's table). Routes read their
 * knobs from path segments and query parameters so a plugin under test can pick a scenario just by
 * the URL in its query.
 * @module
 */
import type { MockAuth } from './auth';
import { PAGINATION_KINDS, paginated, type Page, type PaginationKind } from './paginate';
import { Router } from './router';
import {
  echo,
  fixture,
  flaky,
  hang,
  hugeBody,
  latency,
  malformedJson,
  reset,
  slowDrip,
  status,
  truncatedJson,
} from './scenarios';
import type { MockUpstreamOptions, Scenario } from './types';

/** Rows of `/ok` (a JSON array of three `{ time, value, label }` objects). */
export const OK_ROWS = [
  { time: '2026-01-01T00:00:00Z', value: 1.5, label: 'a' },
  { time: '2026-01-01T00:01:00Z', value: 2.5, label: 'b' },
  { time: '2026-01-01T00:02:00Z', value: 3.5, label: 'c' },
];

/** Pages of the `/pages/*` routes unless `opts.pages` says otherwise. */
export const DEFAULT_PAGES = [
  [
    { id: 1, value: 10 },
    { id: 2, value: 20 },
  ],
  [
    { id: 3, value: 30 },
    { id: 4, value: 40 },
  ],
  [
    { id: 5, value: 50 },
    { id: 6, value: 60 },
  ],
];

const num = (s: string | undefined, fallback: number) => {
  const n = Number(s);
  return s !== undefined && s !== '' && Number.isFinite(n) ? n : fallback;
};

/** Builds the default routes. */
export function defaultRoutes(opts: MockUpstreamOptions, auth: MockAuth): Router {
  const r = new Router();
  const retryAfter = opts.retryAfterSeconds ?? 1;
  const pages = opts.pages ?? DEFAULT_PAGES;
  const on = (method: string, path: string, s: Scenario) => r.add(method, path, s);

  on('GET', '/ok', fixture(OK_ROWS));
  on('GET', '/empty', fixture([]));
  on('*', '/echo', echo());
  on('GET', '/latency/:ms', (ex) => latency(num(ex.params.ms, 0), fixture(OK_ROWS))(ex));
  on('GET', '/hang', hang());
  on('GET', '/drip', (ex) =>
    slowDrip({
      chunk: num(ex.query.chunk, opts.drip?.chunk ?? 16),
      everyMs: num(ex.query.everyMs, opts.drip?.everyMs ?? 50),
      total: num(ex.query.total, opts.drip?.total ?? 4096),
    })(ex),
  );
  on('*', '/reset', reset());
  on('*', '/status/:code', (ex) => {
    const code = num(ex.params.code, 0);
    if (!Number.isInteger(code) || code < 100 || code > 599) {
      return ex.send(400, { error: `not an HTTP status: ${ex.params.code}` });
    }
    const ra = ex.query.retryAfter ?? (code === 429 || code === 503 ? String(retryAfter) : undefined);
    return status(code, { retryAfter: ra })(ex);
  });
  on('GET', '/malformed', malformedJson());
  on('GET', '/truncated', (ex) =>
    truncatedJson({ cut: ex.query.cut === 'connection' ? 'connection' : 'body' })(ex),
  );
  on('GET', '/huge/:bytes', (ex) =>
    hugeBody(num(ex.params.bytes, 1024 * 1024), { contentLength: ex.query.contentLength === 'true' })(ex),
  );
  on('GET', '/pages/:kind', (ex) => {
    const kind = ex.params.kind as PaginationKind;
    if (!PAGINATION_KINDS.includes(kind)) {
      return ex.send(404, { error: `no pagination kind ${kind}; try ${PAGINATION_KINDS.join(', ')}` });
    }
    // ?failAt=<1-based page>&failWith=<status>: that page fails, for partial-result tests.
    const failAt = num(ex.query.failAt, 0);
    const withFailure: Page[] = pages.map((p, i) =>
      i + 1 === failAt ? status(num(ex.query.failWith, 500)) : p,
    );
    return paginated(kind, withFailure)(ex);
  });
  on('*', '/flaky/:n', (ex) => {
    const n = num(ex.params.n, 1);
    const failWith = status(num(ex.query.status, 503));
    return flaky(n, failWith, fixture(OK_ROWS), { id: `route/${n}` })(ex);
  });
  on('*', '/oauth/token', auth.tokenEndpoint);
  on('*', '/login', auth.login);
  on(
    '*',
    '/protected',
    auth.requireAuth((ex) => {
      const how = auth.authenticate(ex);
      ex.send(200, { ok: true, scheme: how?.scheme, grant: how?.token?.grant, rows: OK_ROWS });
    }),
  );
  return r;
}
