/**
 * The `certify.config.json` of a generated package, in the format `dsforge certify` reads
 * (`tools/codegen/src/certify/config.ts`): the auth scheme with credentials the certification's
 * mock upstream accepts, settings with a short timeout, one fixed route per sample query (the
 * generated mock bodies, with path parameters filled in) and one sample query per query type.
 * @module
 */
import type { MockRoute, SampleQuery, TestAuth } from './mocks';

/** Query timeout the certification settings configure, in seconds (Grafana's jsonData unit). */
export const CERTIFY_TIMEOUT_S = 2;
/** The kit's default response limit (`createDatasource`), which generated packages keep. */
export const CERTIFY_RESPONSE_LIMIT = 64 * 1024 * 1024;
/** What check 8 streams: well above limit + socket slack, far quicker than the 1 GiB default. */
export const CERTIFY_HUGE_RESPONSE = 256 * 1024 * 1024;

/** `certify.config.json` as written (see docs/certification.md). */
export interface GeneratedCertifyConfig {
  auth: Record<string, unknown>;
  settings: { jsonData: Record<string, unknown> };
  upstream: { routes: Record<string, { status: number; body: unknown; headers?: Record<string, string> }> };
  queries: {
    name: string;
    json: { refId: string; operationId: string; params: Record<string, unknown> };
    route: string;
  }[];
  timeoutMs: number;
  responseLimitBytes: number;
  hugeResponseBytes: number;
}

/** Mock-upstream credentials (`mockUpstream({ auth })`) that accept exactly `auth.valid`. */
function mockAuth(auth: TestAuth): Record<string, unknown> | undefined {
  const key = Object.values(auth.valid)[0];
  if (!auth.check || key === undefined) return undefined;
  if (auth.type === 'basic') {
    const user = /^Basic (.+)$/.exec(auth.check.value)?.[1];
    const [username = 'tester'] = Buffer.from(user ?? '', 'base64')
      .toString()
      .split(':');
    return { username, password: key, accept: ['basic'] };
  }
  if (auth.check.query) return { apiKey: key, apiKeyQueryParam: auth.check.query, accept: ['apiKey'] };
  // A header credential (API key or static bearer token): header + prefix + key, nothing else.
  const header = auth.check.header ?? 'authorization';
  const prefix = auth.check.value.slice(0, auth.check.value.length - key.length);
  return { apiKey: key, apiKeyHeader: header, apiKeyPrefix: prefix, accept: ['apiKey'] };
}

function authSection(auth: TestAuth): Record<string, unknown> {
  const mock = mockAuth(auth);
  if (auth.type === 'none' || !mock)
    return { type: 'none', reason: 'the API declares no security scheme the plugin sends credentials for' };
  return { type: auth.type, jsonData: auth.jsonData, valid: auth.valid, invalid: auth.invalid, mock };
}

/** The body a fixed route answers: the last page of a cursor/token-paged list, so paging ends. */
function fixedBody(r: MockRoute): unknown {
  const p = r.paging;
  return p && (p.kind === 'cursor' || p.kind === 'nextToken') && p.lastBody !== undefined
    ? p.lastBody
    : r.body;
}

/** `/orders/:orderId` with `{ orderId: 'ord_1' }` → `/orders/ord_1` (the path the plugin requests). */
function concretePath(path: string, params: Record<string, unknown>): string {
  return path.replace(/:([^/]+)/g, (m, name: string) =>
    params[name] === undefined ? m : encodeURIComponent(String(params[name])),
  );
}

/** GraphQL: one endpoint answers every sample query, so its body holds every operation's data. */
function graphqlBody(routes: MockRoute[]): unknown {
  const data: Record<string, unknown> = {};
  for (const r of routes)
    Object.assign(data, (fixedBody(r) as { data?: Record<string, unknown> })?.data ?? {});
  return { data };
}

/** True for a route every check can use as the first query's (plain JSON, no path parameters). */
function simple(r: MockRoute | undefined): boolean {
  return !!r && r.contentType === 'application/json' && r.status === 200 && !r.path.includes(':');
}

/** Builds the certification config; `graphql` serves every query from the one endpoint. */
export function certifyConfig(
  auth: TestAuth,
  routes: MockRoute[],
  samples: SampleQuery[],
  graphql: boolean,
): GeneratedCertifyConfig {
  const byOp = new Map(routes.map((r) => [r.operationId, r]));
  const fixtures: GeneratedCertifyConfig['upstream']['routes'] = {};
  const queries: GeneratedCertifyConfig['queries'] = [];
  for (const q of samples) {
    const r = byOp.get(q.operationId);
    if (!r) continue;
    const key = `${r.method} ${concretePath(r.path, q.params)}`;
    if (!fixtures[key]) {
      fixtures[key] = {
        status: r.status,
        body: graphql ? graphqlBody(routes) : fixedBody(r),
        ...(r.contentType === 'application/json' ? {} : { headers: { 'content-type': r.contentType } }),
      };
    }
    queries.push({
      name: q.operationId,
      json: { refId: q.refId, operationId: q.operationId, params: q.params },
      route: key,
    });
  }
  // Checks 3-8 use the first query: make it a plain JSON read when there is one.
  const first = queries.findIndex((q) => simple(byOp.get(q.name)));
  if (first > 0) queries.unshift(...queries.splice(first, 1));
  return {
    auth: authSection(auth),
    settings: { jsonData: { timeout: CERTIFY_TIMEOUT_S } },
    upstream: { routes: fixtures },
    queries,
    timeoutMs: CERTIFY_TIMEOUT_S * 1000,
    responseLimitBytes: CERTIFY_RESPONSE_LIMIT,
    hugeResponseBytes: CERTIFY_HUGE_RESPONSE,
  };
}
