/**
 * What a generated package's tests and `certify.config.json` need to run every query type
 * against a mock of the API: one route per read operation with a body from the spec's examples
 * or schemas (and the standard JSON schema it must validate against), a sample query per
 * operation, and the test credentials of the API's auth scheme.
 * @module
 */
import type { ApiModel, AuthScheme, Operation } from '../schema';
import { exampleFor, mockBody } from './mock-responses';
import { toStandardSchema, type StdSchema } from './json-schema-std';
import { allParams } from './runtime-model';

/** One mocked endpoint. */
export interface MockRoute {
  operationId: string;
  method: string;
  /** Route path for `mockUpstream` (`:name` segments). */
  path: string;
  status: number;
  contentType: string;
  body: unknown;
  /** Standard JSON schema of `body` (null for text bodies). */
  schema: StdSchema | null;
  /** How the mock ends paging: which request value marks a follow-up page, and what to send then. */
  paging?: { kind: string; param: string; in: 'query' | 'body' | 'variables'; lastBody?: unknown };
  /** GraphQL: the operation name in the document (`query Orders(...)`). */
  graphqlName?: string;
}

/** A query the tests and the certification run for one operation. */
export interface SampleQuery {
  refId: string;
  operationId: string;
  params: Record<string, unknown>;
}

/** The datasource settings and secrets to talk to the mock with, plus wrong ones. */
export interface TestAuth {
  type: string;
  jsonData: Record<string, unknown>;
  valid: Record<string, string>;
  invalid: Record<string, string>;
  /** For the mock: how a valid request proves itself. */
  check?: { header?: string; query?: string; value: string };
}

function setPath(obj: unknown, path: string, value: unknown): unknown {
  const copy = structuredClone(obj) as Record<string, unknown>;
  const parts = path.split('.');
  let cur: Record<string, unknown> | undefined = copy;
  for (const part of parts.slice(0, -1)) {
    const next: unknown = cur?.[part];
    cur = next && typeof next === 'object' ? (next as Record<string, unknown>) : undefined;
  }
  if (cur) cur[parts.at(-1)!] = value;
  return copy;
}

function lastPage(op: Operation, body: unknown): unknown | undefined {
  const pg = op.pagination;
  if (!pg || op.response?.itemsPath === undefined) return undefined;
  if ((pg.kind === 'cursor' || pg.kind === 'nextToken') && pg.responsePath) {
    let b = setPath(body, pg.responsePath, null);
    if (pg.hasMorePath) b = setPath(b, pg.hasMorePath, false);
    return b;
  }
  if (pg.kind === 'offset' || pg.kind === 'pageNumber')
    return op.response.itemsPath ? setPath(body, op.response.itemsPath, []) : [];
  return body;
}

function statusOf(op: Operation): number {
  const s = Number(op.response?.status);
  return Number.isInteger(s) && s >= 200 && s < 300 ? s : 200;
}

/** Mock routes for the read operations, static paths before parameterised ones (first match wins). */
export function mockRoutes(
  model: ApiModel,
  reads: Operation[],
  base: string,
  endpointPath: string,
): MockRoute[] {
  const graphql = model.kind === 'graphql';
  const routes = reads.map((op): MockRoute => {
    const contentType = op.response?.contentType ?? 'application/json';
    const body = op.response ? mockBody(op.response) : {};
    const route: MockRoute = {
      operationId: op.id,
      method: graphql ? 'POST' : op.method,
      path: graphql ? endpointPath || '/' : `${base}${op.path}`.replace(/\{([^}]+)\}/g, ':$1') || '/',
      status: graphql ? 200 : statusOf(op),
      contentType: /json/i.test(contentType) ? 'application/json' : contentType,
      body,
      schema: op.response && /json/i.test(contentType) ? toStandardSchema(op.response.schema) : null,
    };
    const last = lastPage(op, body);
    if (op.pagination && last !== undefined) {
      route.paging = {
        kind: op.pagination.kind,
        param: op.pagination.requestParam,
        in: graphql ? 'variables' : (op.pagination.requestIn ?? 'query'),
        lastBody: last,
      };
    }
    if (graphql) route.graphqlName = /^\s*query\s+(\w+)/.exec(op.document ?? '')?.[1] ?? op.id;
    return route;
  });
  const params = (r: MockRoute) => (r.path.match(/:/g) ?? []).length;
  return graphql ? routes : [...routes].sort((a, b) => params(a) - params(b));
}

// The names the kit's time-range rule (packages/kit/src/operations/macros.ts) reads as the start or
// end of the dashboard's range; kept in step with it by the generated packages' tests, which query
// the sample servers with these macros.
const FROM_NAME = /(^|_|-|\b)(from|start|after|since|begin)/i;
const TO_NAME = /(^|_|-|\b)(to|end|before|until|stop)/i;

/**
 * `$__timeFrom` / `$__timeTo` for a date or date-time parameter named as a range end, as a user
 * fills it in the query editor: one example date for both ends would ask for an empty range.
 */
function timeMacro(p: { name: string; format?: string }): string | undefined {
  if (p.format !== 'date-time' && p.format !== 'date') return undefined;
  if (FROM_NAME.test(p.name)) return '$__timeFrom';
  if (TO_NAME.test(p.name)) return '$__timeTo';
  return undefined;
}

/** A sample query per read operation: every required parameter filled with an example value. */
export function sampleQueries(reads: Operation[]): SampleQuery[] {
  return reads.map((op) => {
    const params: Record<string, unknown> = {};
    for (const p of allParams(op)) {
      if (!p.required) continue;
      params[p.name] =
        timeMacro(p) ??
        p.example ??
        p.default ??
        p.enum?.find((e) => e !== null) ??
        exampleFor(p.schema, p.name);
    }
    return { refId: op.id, operationId: op.id, params };
  });
}

const TEST_KEY = 'test-api-key';
const WRONG_KEY = 'wrong-api-key';

/** Settings and credentials for the API's first auth scheme the mock can check. */
export function testAuth(auth: AuthScheme[]): TestAuth {
  const scheme = auth.find(
    (a) => a.provider === 'apiKey' || a.provider === 'bearer' || a.provider === 'basic',
  );
  if (!scheme) return { type: 'none', jsonData: { authType: 'none' }, valid: {}, invalid: {} };
  switch (scheme.provider) {
    case 'apiKey': {
      const jsonData: Record<string, unknown> = { authType: 'apiKey', apiKeyIn: scheme.in };
      if (scheme.in === 'header') jsonData.apiKeyHeader = scheme.name;
      else jsonData.apiKeyParam = scheme.name;
      if (scheme.prefix) jsonData.apiKeyPrefix = scheme.prefix;
      return {
        type: 'apiKey',
        jsonData,
        valid: { apiKey: TEST_KEY },
        invalid: { apiKey: WRONG_KEY },
        check:
          scheme.in === 'header'
            ? { header: scheme.name.toLowerCase(), value: `${scheme.prefix ?? ''}${TEST_KEY}` }
            : { query: scheme.name, value: TEST_KEY },
      };
    }
    case 'bearer':
      return {
        type: 'bearer',
        jsonData: { authType: 'bearer' },
        valid: { bearerToken: TEST_KEY },
        invalid: { bearerToken: WRONG_KEY },
        check: { header: 'authorization', value: `Bearer ${TEST_KEY}` },
      };
    default:
      return {
        type: 'basic',
        jsonData: { authType: 'basic' },
        valid: { basicAuthPassword: TEST_KEY },
        invalid: { basicAuthPassword: WRONG_KEY },
        check: {
          header: 'authorization',
          value: `Basic ${Buffer.from(`tester:${TEST_KEY}`).toString('base64')}`,
        },
      };
  }
}
